/**
 * The signed webhook's signatures (docs/channels.md, "Verifying a webhook"), HMAC-SHA256 keyed with the signing
 * secret, beside `x-mux-qoe-timestamp: <unix seconds>`:
 *
 * - `x-mux-qoe-signature-v2: v2=<hex>` over `<timestamp>\n<delivery id>\n<body>`: the delivery id receivers
 *   deduplicate on is signed, so a captured request replayed under a new id no longer verifies. The id is a header
 *   value (no newline) and the timestamp is digits, so the three parts split one way only.
 * - `x-mux-qoe-signature: v1=<hex>` over `<timestamp>.<body>`: unchanged, so receivers written for v1 keep working
 *   (migration note in docs/channels.md).
 *
 * Signing the timestamp with the body lets a receiver refuse replays: a captured request re-sent later carries an
 * old timestamp, and changing it breaks the signature (the scheme Stripe and Slack use).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-mux-qoe-signature';
export const SIGNATURE_V2_HEADER = 'x-mux-qoe-signature-v2';
export const TIMESTAMP_HEADER = 'x-mux-qoe-timestamp';
export const DELIVERY_HEADER = 'x-mux-qoe-delivery';
/** How old a timestamp a receiver should accept (5 minutes, as Stripe and Slack recommend). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

function hmac(secret: string, content: string): string {
  return createHmac('sha256', secret).update(content).digest('hex');
}

export function sign(secret: string, timestamp: number, body: string): string {
  return `v1=${hmac(secret, `${timestamp}.${body}`)}`;
}

export function signV2(secret: string, timestamp: number, deliveryId: string, body: string): string {
  if (/[\r\n]/.test(deliveryId)) throw new Error('a delivery id is one line');
  return `v2=${hmac(secret, `${timestamp}\n${deliveryId}\n${body}`)}`;
}

/** Timestamp, delivery id and both signatures. */
export function signatureHeaders(secret: string, body: string, now: Date, deliveryId: string): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    [TIMESTAMP_HEADER]: String(timestamp),
    [DELIVERY_HEADER]: deliveryId,
    [SIGNATURE_HEADER]: sign(secret, timestamp, body),
    [SIGNATURE_V2_HEADER]: signV2(secret, timestamp, deliveryId, body),
  };
}

export interface VerifyInput {
  secret: string;
  /** The raw body bytes as received (before any JSON parsing). */
  body: string;
  timestamp: string | undefined;
  /** With `deliveryId`: the `x-mux-qoe-signature-v2` value; without: the v1 `x-mux-qoe-signature` value. */
  signature: string | undefined;
  /** The `x-mux-qoe-delivery` value: verifies v2 (the id signed with the body). */
  deliveryId?: string | undefined;
  now?: Date;
  toleranceSeconds?: number;
}

/** What a receiver does; exported so the tests verify with it. `ok: false` says why; never throws. */
export function verifySignature(input: VerifyInput): { ok: true } | { ok: false; reason: string } {
  const { timestamp, signature, deliveryId } = input;
  if (!timestamp || !/^\d+$/.test(timestamp)) return { ok: false, reason: 'missing or malformed timestamp' };
  const age = Math.floor((input.now ?? new Date()).getTime() / 1000) - Number(timestamp);
  if (Math.abs(age) > (input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) {
    return { ok: false, reason: 'timestamp outside the tolerance (replay?)' };
  }
  if (deliveryId !== undefined && /[\r\n]/.test(deliveryId)) return { ok: false, reason: 'malformed delivery id' };
  const expected = Buffer.from(
    deliveryId === undefined
      ? sign(input.secret, Number(timestamp), input.body)
      : signV2(input.secret, Number(timestamp), deliveryId, input.body),
  );
  // Bytes, not characters: a multi-byte signature of the right length in characters must not reach timingSafeEqual.
  const given = Buffer.from(signature ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'signature does not match' };
  }
  return { ok: true };
}

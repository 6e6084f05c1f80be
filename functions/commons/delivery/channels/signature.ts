/**
 * The signed webhook's signature (docs/channels.md, "Verifying a webhook"): HMAC-SHA256, keyed with the signing
 * secret, over `<timestamp>.<body>`, sent as `x-mux-qoe-signature: v1=<hex>` beside `x-mux-qoe-timestamp: <unix
 * seconds>`. Signing the timestamp with the body lets a receiver refuse replays: a captured request re-sent later
 * carries an old timestamp, and changing it breaks the signature (the scheme Stripe and Slack use).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-mux-qoe-signature';
export const TIMESTAMP_HEADER = 'x-mux-qoe-timestamp';
export const DELIVERY_HEADER = 'x-mux-qoe-delivery';
/** How old a timestamp a receiver should accept (5 minutes, as Stripe and Slack recommend). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function sign(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function signatureHeaders(secret: string, body: string, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: sign(secret, timestamp, body) };
}

export interface VerifyInput {
  secret: string;
  /** The raw body bytes as received (before any JSON parsing). */
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  now?: Date;
  toleranceSeconds?: number;
}

/** What a receiver does; exported so the tests verify with the documented code. `ok: false` says why. */
export function verifySignature(input: VerifyInput): { ok: true } | { ok: false; reason: string } {
  const { timestamp, signature } = input;
  if (!timestamp || !/^\d+$/.test(timestamp)) return { ok: false, reason: 'missing or malformed timestamp' };
  const age = Math.floor((input.now ?? new Date()).getTime() / 1000) - Number(timestamp);
  if (Math.abs(age) > (input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) {
    return { ok: false, reason: 'timestamp outside the tolerance (replay?)' };
  }
  const expected = Buffer.from(sign(input.secret, Number(timestamp), input.body));
  const given = Buffer.from(signature ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'signature does not match' };
  }
  return { ok: true };
}

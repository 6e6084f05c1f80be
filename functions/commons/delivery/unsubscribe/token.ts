/**
 * The unsubscribe token: who asked to stop which report. `v1.<payload>.<mac>`, both parts base64url:
 * payload = JSON `{ r: reportId, s: segment | null, a: address }`, mac = HMAC-SHA256(key, "v1." + payload).
 *
 * The link goes to a route anyone can call without AWS credentials (RFC 8058: the mail client POSTs to it), so the
 * token is the only authority: it is accepted only when its MAC verifies (constant-time compare) under the key
 * held in Secrets Manager, and it names exactly one (report, segment, address). Nobody can unsubscribe someone
 * else, or another customer's segment, without the key. It does not expire: a link in an old email must still
 * stop the mail (that is what the law and the mailbox providers ask); rotating the key invalidates old links.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';

const VERSION = 'v1';

/** RFC 8058: the `List-Unsubscribe-Post` header value, and the body a one-click POST carries. */
export const ONE_CLICK_POST = 'List-Unsubscribe=One-Click';

/** What a token names: one address on one report (and one fan-out segment of it). */
export interface Subscription {
  reportId: string;
  /** The fan-out value, or null for a report without fan-out. */
  segment: string | null;
  /** As configured; compared lower-cased. */
  address: string;
}

const payloadSchema = z
  .object({
    r: z.string().min(1).max(63),
    s: z.string().min(1).max(200).nullable(),
    a: z.string().min(3).max(320),
  })
  .strict();

/** Why a token was refused (the route maps it to 400 / 403). */
export class TokenError extends Error {
  override readonly name = 'TokenError';
  constructor(
    readonly reason: 'malformed' | 'bad-signature',
    message: string,
  ) {
    super(message);
  }
}

function mac(key: string, signed: string): Buffer {
  return createHmac('sha256', key).update(signed, 'utf8').digest();
}

/** Keys shorter than this are refused: a guessable key would let anyone forge unsubscribes. */
export const MIN_KEY_LENGTH = 32;

function checkKey(key: string): void {
  if (key.length < MIN_KEY_LENGTH) {
    throw new Error(`the unsubscribe signing key must be at least ${MIN_KEY_LENGTH} characters`);
  }
}

export function signToken(subscription: Subscription, key: string): string {
  checkKey(key);
  const payload = Buffer.from(
    JSON.stringify({ r: subscription.reportId, s: subscription.segment, a: subscription.address }),
    'utf8',
  ).toString('base64url');
  const signed = `${VERSION}.${payload}`;
  return `${signed}.${mac(key, signed).toString('base64url')}`;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function verifyToken(token: string, key: string): Subscription {
  checkKey(key);
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION || !BASE64URL.test(parts[1]!) || !BASE64URL.test(parts[2]!)) {
    throw new TokenError('malformed', 'the unsubscribe link is incomplete or damaged');
  }
  const [version, payload, given] = parts as [string, string, string];
  const expected = mac(key, `${version}.${payload}`);
  const actual = Buffer.from(given, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw new TokenError('bad-signature', 'the unsubscribe link is not one we issued');
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new TokenError('malformed', 'the unsubscribe link is damaged');
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) throw new TokenError('malformed', 'the unsubscribe link is damaged');
  return { reportId: parsed.data.r, segment: parsed.data.s, address: parsed.data.a };
}

/** The link for one recipient: the route's base URL with the token as `?t=`. */
export function unsubscribeUrl(baseUrl: string, subscription: Subscription, key: string): string {
  const url = new URL(baseUrl);
  url.searchParams.set('t', signToken(subscription, key));
  return url.toString();
}

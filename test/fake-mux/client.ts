/** Tiny fetch helper for the fake-mux tests. */
import type { FakeMux } from '../../fake-mux/server.js';

export const AUTH = `Basic ${Buffer.from('fake-token-id:fake-token-secret').toString('base64')}`;
export const NOW = new Date('2026-11-25T10:00:00Z');
/** Monday 2026-11-16 00:00Z … Monday 2026-11-23 00:00Z. */
export const WEEK_END = Date.parse('2026-11-23T00:00:00Z') / 1000;
export const WEEK_START = WEEK_END - 7 * 86_400;
export const TF = `timeframe[]=${WEEK_START}&timeframe[]=${WEEK_END}`;

export interface Res {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test convenience over arbitrary JSON bodies
  body: any;
}

export async function get(fake: FakeMux, path: string, auth: string | null = AUTH): Promise<Res> {
  const res = await fetch(fake.url + path, { headers: auth ? { authorization: auth } : {} });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, headers: res.headers, text, body };
}

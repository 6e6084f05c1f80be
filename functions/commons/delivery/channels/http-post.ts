/**
 * POST a JSON body to a channel's URL (undici). The URL is a credential (a Slack or Teams webhook URL lets anyone
 * post): it never appears in an error or a log, only the channel and the answer's status do.
 */
import { request } from 'undici';
import { DeliveryError } from '../errors.js';

/** Slack and Teams answer in well under a second; 10 s leaves room and stays far inside the Lambda timeout. */
export const POST_TIMEOUT_MS = 10_000;
/** Characters of an error answer kept in the message (Slack says e.g. `invalid_blocks`, Teams a short JSON). */
const ERROR_BODY_CHARS = 200;

export class ChannelError extends DeliveryError {
  override readonly name: string = 'ChannelError';
  constructor(
    readonly channel: string,
    message: string,
    readonly status: number | null = null,
  ) {
    super(`${channel}: ${message}`);
  }
}

/** https anywhere; plain http only to the loopback interface (local receivers, tests). */
export function checkedUrl(channel: string, value: string, secretName: string): URL {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ChannelError(channel, `secret ${secretName} does not hold a URL`);
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ChannelError(channel, `secret ${secretName} must hold an https URL`);
  }
  return url;
}

export interface PostOptions {
  timeoutMs?: number;
}

export async function postJson(
  channel: string,
  url: URL,
  body: string,
  headers: Record<string, string> = {},
  options: PostOptions = {},
): Promise<{ status: number; body: string }> {
  const timeout = options.timeoutMs ?? POST_TIMEOUT_MS;
  let res: Awaited<ReturnType<typeof request>>;
  try {
    res = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body,
      headersTimeout: timeout,
      bodyTimeout: timeout,
    });
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}${'code' in error ? ` ${String(error.code)}` : ''}` : 'error';
    throw new ChannelError(channel, `request failed (${reason})`);
  }
  const text = await res.body.text();
  if (res.statusCode < 200 || res.statusCode > 299) {
    const snippet = text.replace(/\s+/g, ' ').slice(0, ERROR_BODY_CHARS);
    throw new ChannelError(channel, `answered HTTP ${res.statusCode}${snippet ? `: ${snippet}` : ''}`, res.statusCode);
  }
  return { status: res.statusCode, body: text };
}

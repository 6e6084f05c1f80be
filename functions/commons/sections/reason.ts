/**
 * One-line, credential-free reasons for sections that could not be collected. They end up in the email
 * ("Incidents: unavailable — …") and in the snapshot, so they name the Mux status/type but never a query string.
 */
import { MuxApiError, MuxConnectionError, MuxError, MuxResponseError, MuxTimeoutError } from '../mux/errors.js';

const MAX = 200;

function cut(s: string): string {
  const flat = s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > MAX ? `${flat.slice(0, MAX - 1)}…` : flat;
}

/** A section that cannot run for a reason of its own (not Mux's), e.g. no archive to read history from. */
export class SectionUnavailableError extends Error {
  override readonly name = 'SectionUnavailableError';
}

/** `noun` is plural, e.g. "incidents", "breakdowns". */
export function unavailableReason(noun: string, err: unknown): string {
  if (err instanceof MuxApiError) {
    const tag = `${err.status} ${err.type}`;
    if (err.status === 401) return `the Mux token was rejected (${tag})`;
    if (err.status === 403 || err.status === 404) return `${noun} are not available on this plan or token (${tag})`;
    const first = err.messages[0];
    if (first && /maximum number of filters/i.test(first)) {
      return `${noun} are not available with filters on this plan (${tag}: ${cut(first)})`;
    }
    return cut(`Mux answered ${tag} for ${noun}${first ? `: ${first}` : ''}`);
  }
  if (err instanceof MuxTimeoutError)
    return `Mux did not answer in time for ${noun} (timeout after ${err.timeoutMs} ms)`;
  if (err instanceof MuxConnectionError) return `connection to Mux failed for ${noun} (${err.code})`;
  if (err instanceof MuxResponseError) return cut(`unexpected response from Mux for ${noun}: ${err.reason}`);
  if (err instanceof MuxError || err instanceof SectionUnavailableError) return cut(err.message);
  const msg = err instanceof Error ? err.message : String(err);
  return cut(`unexpected error while collecting ${noun}: ${msg}`);
}

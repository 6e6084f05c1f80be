/** Replays requests captured from the fake Mux's log through the client's HTTP layer (MuxTransport). */
import type { RequestLogEntry } from '../../fake-mux/server.js';
import type { QueryParams } from '../../functions/commons/mux/query.js';

export interface CapturedRequest {
  path: string;
  query: QueryParams;
}

/**
 * Parses a raw query string back into the client's `QueryParams` (`key[]=a&key[]=b` → `{ key: [a, b] }`),
 * so `encodeQuery` reproduces the same request.
 */
export function parseQueryString(raw: string): QueryParams {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if (key.endsWith('[]')) {
      const name = key.slice(0, -2);
      const list = out[name];
      if (Array.isArray(list)) list.push(value);
      else out[name] = [value];
    } else out[key] = value;
  }
  return out;
}

/** The distinct successful API requests of a log slice, in order (retries and 429s dropped). */
export function capturedRequests(log: readonly RequestLogEntry[]): CapturedRequest[] {
  const seen = new Set<string>();
  const out: CapturedRequest[] = [];
  for (const entry of log) {
    if (entry.status < 200 || entry.status >= 300 || !entry.path.startsWith('/data/v1/')) continue;
    const key = `${entry.path}?${entry.query}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path: entry.path, query: parseQueryString(entry.query) });
  }
  return out;
}

/**
 * Query-string encoding for the Mux Data API.
 *
 * Choices (byte-for-byte stable, unit-tested):
 * - Array params use **raw brackets**, one pair per value: `timeframe[]=1&timeframe[]=2`. This is the form every
 *   Mux doc page shows; the official SDK sends `%5B%5D`, which Mux also accepts, but raw brackets keep logs readable.
 * - Values go through `encodeURIComponent`, except `:` which is left as is (`country:US`, `7:days`). `!` is never
 *   encoded by `encodeURIComponent`, so `!country:US` stays readable too. Everything else (`>=`, spaces, `/`, `[`,
 *   `,`, `&`, `=`, non-ASCII) is percent-encoded, so a value can never break out of its parameter.
 * - Keys are emitted in the caller's insertion order; `undefined`/`null` values and empty arrays are skipped.
 */

export type QueryScalar = string | number | boolean;
export type QueryValue = QueryScalar | readonly QueryScalar[] | null | undefined;
export type QueryParams = Readonly<Record<string, QueryValue>>;

function encodeValue(value: QueryScalar): string {
  return encodeURIComponent(String(value)).replace(/%3A/g, ':');
}

function encodeKey(key: string): string {
  return encodeURIComponent(key);
}

/** Pure: `{ timeframe: ['7:days'], page: 2 }` → `timeframe[]=7:days&page=2` (no leading `?`). */
export function encodeQuery(params: QueryParams): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value as readonly QueryScalar[]) parts.push(`${encodeKey(key)}[]=${encodeValue(item)}`);
    } else {
      parts.push(`${encodeKey(key)}=${encodeValue(value as QueryScalar)}`);
    }
  }
  return parts.join('&');
}

/** `N:unit` durations Mux accepts for `timeframe[]` (e.g. `24:hours`, `7:days`). */
export type DurationTimeframe = `${number}:${'minutes' | 'hours' | 'days'}`;
/** Either `[startEpochSeconds, endEpochSeconds]` or a duration string. */
export type Timeframe = readonly [number, number] | DurationTimeframe;

const DURATION = /^[1-9][0-9]*:(minutes|hours|days)$/;
// Epoch seconds stay below 1e11 until the year 5138; anything larger is almost surely milliseconds.
const MAX_EPOCH_SECONDS = 1e11;

/** Validates a timeframe and turns it into the `timeframe[]` values. Throws `TypeError` on misuse (ms, reversed). */
export function timeframeParam(timeframe: Timeframe | undefined): string[] | undefined {
  if (timeframe === undefined) return undefined;
  if (typeof timeframe === 'string') {
    if (!DURATION.test(timeframe)) throw new TypeError(`timeframe "${timeframe}" must look like "7:days"`);
    return [timeframe];
  }
  const [start, end] = timeframe;
  for (const t of [start, end]) {
    if (!Number.isInteger(t) || t < 0 || t >= MAX_EPOCH_SECONDS) {
      throw new TypeError(`timeframe bounds must be integer epoch seconds (got ${t})`);
    }
  }
  if (start >= end) throw new TypeError(`timeframe start ${start} must be before end ${end}`);
  return [String(start), String(end)];
}

/** Optional string arrays: undefined or empty → omitted. */
export function listParam(values: readonly string[] | undefined): readonly string[] | undefined {
  return values && values.length > 0 ? values : undefined;
}

/** Path segment (metric id, incident id…): must be non-empty; encoded so it can't add path segments. */
export function pathSegment(name: string, value: string | number): string {
  const s = String(value);
  if (s.length === 0) throw new TypeError(`${name} must not be empty`);
  return encodeURIComponent(s);
}

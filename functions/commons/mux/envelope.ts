/** The `{ data, total_row_count, timeframe, meta? }` envelope every Mux Data endpoint returns. */
import * as z from 'zod';

/** `meta` of overall/timeseries/insights (`aggregation`, `granularity`); unknown keys kept. */
export const metaSchema = z.looseObject({
  aggregation: z.string().nullish(),
  granularity: z.string().nullish(),
});
export type MuxMeta = z.infer<typeof metaSchema>;

/**
 * The parsed envelope handed to callers. The envelope keys are camelCase; everything inside `data` (and `meta`)
 * keeps Mux's snake_case field names exactly as sent, so unknown fields pass through untouched.
 */
export interface MuxEnvelope<T, M = MuxMeta> {
  data: T;
  /** Total rows of a list endpoint; null for single objects and aggregates. */
  totalRowCount: number | null;
  /** `[startEpochSeconds, endEpochSeconds]` Mux actually applied; null if Mux did not echo it. */
  timeframe: [number, number] | null;
  meta?: M;
}

export function envelopeSchema<D extends z.ZodType, M extends z.ZodType = typeof metaSchema>(data: D, meta?: M) {
  const metaField = (meta ?? metaSchema) as M;
  return z.looseObject({
    data,
    total_row_count: z.number().nullish(),
    // The description types `timeframe` as an array of integers (only annotations pin it to 2 items); every
    // example is [start, end]. Another length becomes `timeframe: null` in the envelope rather than a failed call.
    timeframe: z.array(z.number()).nullish(),
    meta: metaField.optional(),
  });
}

/** Raw (snake_case) envelope → `MuxEnvelope`. */
export function toEnvelope<T, M>(raw: {
  data: T;
  total_row_count?: number | null | undefined;
  timeframe?: readonly number[] | null | undefined;
  meta?: M | undefined;
}): MuxEnvelope<T, M> {
  const tf = raw.timeframe;
  const out: MuxEnvelope<T, M> = {
    data: raw.data,
    totalRowCount: raw.total_row_count ?? null,
    timeframe: tf && tf.length === 2 ? [tf[0]!, tf[1]!] : null,
  };
  if (raw.meta !== undefined) out.meta = raw.meta;
  return out;
}

/** Numbers Mux sometimes sends as strings (per-view detail fields): number, numeric string or null. */
export const numberish = z.union([z.number(), z.string()]).nullish();

/** A decimal number as Mux writes it in a string: `"154240"`, `"0.8743536882994202"`, `"-1.5e-7"`. */
const NUMERIC_STRING = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * A number that Mux may send as a numeric string, normalised to a number (callers always get `number | null`).
 * Timeseries rows come as `["2021-01-07T14:00:00Z", "0.8743536882994202", "154240"]` in Mux's published
 * description. Anything else (`"5x"`, `true`, a missing element) fails with one clear issue at that field.
 */
export const numeric = z.unknown().transform((v, ctx): number | null => {
  if (v === null) return null;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && NUMERIC_STRING.test(v)) return Number(v);
  ctx.addIssue({ code: 'custom', message: 'expected a number, a numeric string or null' });
  return z.NEVER;
});

/** `12`, `"12"`, `"12.5"` → number; null/undefined/non-numeric → null. */
export function asNumber(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

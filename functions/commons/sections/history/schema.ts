/**
 * The history part of the snapshot: the report's own past periods, read from its archive (not from Mux), for the
 * overall score, views and three key metrics; the normal band of each and whether this period falls outside it.
 */
import * as z from 'zod';
import { CADENCES } from '../../config/cadence.js';
import { metricValueSchema, nullableNumber, sectionPart } from '../../snapshot/parts.js';

export const historyPointSchema = z
  .object({
    /** The period's key (`2026-W46`, `2026-11-16`, `2026-11`). */
    key: z.string(),
    /** Local date the period starts on. */
    start: z.string(),
    /** Short label, e.g. "16 Nov", "Nov 2026". */
    label: z.string(),
    /** Null is a gap: nothing archived (or unreadable) for that period, or no value in it. Never 0 for a gap. */
    value: nullableNumber,
    display: z.string(),
    /** The report's own period (its value comes from this run, not from the archive). */
    current: z.boolean(),
  })
  .strict();
export type HistoryPoint = z.output<typeof historyPointSchema>;

/** median ± 3 × MAD over the archived periods before this one (at least MIN_BAND_PERIODS of them). */
export const bandSchema = z
  .object({ median: z.number(), low: z.number(), high: z.number(), periods: z.number().int() })
  .strict();
export type Band = z.output<typeof bandSchema>;

/** The metric's identity as the metric values have it (snapshot/parts.ts), then its history. */
export const historySeriesSchema = metricValueSchema
  .pick({ metric: true, measurement: true, label: true, unit: true, direction: true })
  .extend({
    /** Oldest first; the last point is this period. */
    points: z.array(historyPointSchema),
    band: bandSchema.nullable(),
    /** Where this period's value lies against the band; null inside it, or without a band or a value. */
    outside: z.enum(['above', 'below']).nullable(),
    /** The same period a year earlier, when archived. */
    lastYear: historyPointSchema.nullable(),
  })
  .strict();
export type HistorySeries = z.output<typeof historySeriesSchema>;

export const historyPartSchema = sectionPart({
  /** The report period's cadence; null for a custom period (no history). */
  cadence: z.enum(CADENCES).nullable(),
  /** Periods shown (this one included). */
  periods: z.number().int(),
  /** Of those before this one, how many were read from the archive. */
  archived: z.number().int(),
  series: z.array(historySeriesSchema),
  /** Archived snapshots skipped or read leniently (corrupt, older schema), one line each. */
  notes: z.array(z.string()),
});
export type HistoryPart = z.output<typeof historyPartSchema>;

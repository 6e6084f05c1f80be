/**
 * The pieces of the snapshot that are not one section's: the period, the coverage, metric values (shared by the
 * scores, volume and key-metrics sections), the section status and the cost. Sections build their own part from
 * `sectionPart`; report/snapshot-schema.ts composes the whole snapshot (its rules are written there).
 */
import * as z from 'zod';
import { DIRECTIONS, UNITS } from '../catalog/metrics.js';
import { SECTION_IDS, type SectionId } from '../catalog/sections.js';
import { CADENCES } from '../config/cadence.js';
import { ROUNDING_CLASSES } from '../period/timeframe.js';

export const SNAPSHOT_SCHEMA_VERSION = 1;

export const isoDateTime = z.iso.datetime({ offset: true });

/** One `schema` value per section id, no other key. */
export const perSection = <S extends z.ZodType>(schema: S) =>
  z.object(Object.fromEntries(SECTION_IDS.map((id) => [id, schema])) as Record<SectionId, S>).strict();
export const nullableNumber = z.number().nullable();

export const periodSchema = z
  .object({
    /** Stable id of the period: `2026-W46` (weekly), `2026-11-16` (daily), `2026-11` (monthly), `2026-11-02..2026-11-09` (custom). */
    key: z.string(),
    /** Human label, e.g. "week of 9 Nov 2026". */
    label: z.string(),
    cadence: z.enum([...CADENCES, 'custom']),
    timeZone: z.string(),
    /** Local start (inclusive) with its UTC offset, e.g. `2026-11-09T00:00:00+01:00`. */
    start: isoDateTime,
    /** Local end (exclusive) with its UTC offset. */
    end: isoDateTime,
    /** Epoch seconds of `start` / `end`. Mux is sent these aligned to its rounding: see `coverage.period.sent`. */
    startEpoch: z.number().int(),
    endEpoch: z.number().int(),
  })
  .strict();
export type PeriodJson = z.infer<typeof periodSchema>;

/** An instant span in UTC: ISO strings for reading, epoch seconds for arithmetic and Athena. */
export const spanSchema = z
  .object({
    start: isoDateTime,
    end: isoDateTime,
    startEpoch: z.number().int(),
    endEpoch: z.number().int(),
  })
  .strict();
export type SpanJson = z.infer<typeof spanSchema>;

/** Why the numbers cover another span than the local period. */
export const coverageCauseSchema = z.enum(['none', 'rounding', 'retention', 'mux']);
export type CoverageCause = z.infer<typeof coverageCauseSchema>;

export const periodCoverageSchema = z
  .object({
    /** The local period (`period` / `previousPeriod` as an instant span). */
    requested: spanSchema,
    /** The `timeframe[]` sent: `requested` aligned to Mux's rounding class (period/timeframe.ts). */
    sent: spanSchema,
    /** The `timeframe` Mux answered the scorecard call with; null when it echoed none (or refused). */
    effective: spanSchema.nullable(),
    /** What the numbers cover: `effective`, else `sent`. */
    covered: spanSchema,
    /**
     * none: covered = requested. rounding: the engine aligned the bounds for Mux's rounding. retention: Mux answered
     * from a later start (it no longer has the beginning). mux: Mux answered for another span (not expected).
     */
    cause: coverageCauseSchema,
    /** Mux refused this span with a 4xx (e.g. older than its retention): its message. Only ever set for the previous period. */
    refused: z.string().nullable(),
  })
  .strict();

export const sectionTimeframeSchema = z
  .object({
    /** The local period. */
    requested: spanSchema,
    /** The `timeframe[]` the section's calls sent; null when it sent none (disabled; incidents have no timeframe). */
    sent: spanSchema.nullable(),
    /** The span all of its answers covered (intersection of their `timeframe` echoes); null without an echo. */
    effective: spanSchema.nullable(),
  })
  .strict();

export const coverageSchema = z
  .object({
    /** Mux's rounding class both periods were aligned to. */
    rounding: z.enum(ROUNDING_CLASSES),
    /** For `period` and for `previousPeriod` (the comparison). */
    period: periodCoverageSchema,
    previousPeriod: periodCoverageSchema,
    /**
     * The covered span ended less than an hour before `generatedAt` (or ends after it). Mux counts a view when it
     * ends and a view stays open up to an hour after playback stops, so views still open are missing.
     */
    partial: z.boolean(),
    /** Per section, for the current period (`causes` optional: added within v1). */
    sections: perSection(sectionTimeframeSchema).extend({ causes: sectionTimeframeSchema.optional() }),
  })
  .strict();
export type Coverage = z.infer<typeof coverageSchema>;

export const verdictSchema = z.enum(['better', 'worse', 'flat', 'n/a']);
export type Verdict = z.infer<typeof verdictSchema>;

export const metricValueSchema = z
  .object({
    metric: z.string(),
    measurement: z.string().nullable(),
    label: z.string(),
    unit: z.enum(UNITS),
    direction: z.enum(DIRECTIONS),
    /** Raw value from Mux (scores and percentages as fractions 0–1). */
    value: nullableNumber,
    /** e.g. "82", "1.2 s", "0.41%", "12,345". "N/A" when there is no value. */
    display: z.string(),
    previous: nullableNumber,
    previousDisplay: z.string(),
    /** value − previous, in raw units. */
    deltaAbsolute: nullableNumber,
    /** (value − previous) / |previous|; null when previous is 0 or missing. */
    deltaRelative: nullableNumber,
    /** Signed, with unit: "+3", "−120 ms", "+0.05 pp", "+4.1%". "N/A" without a previous value. */
    deltaDisplay: z.string(),
    /** Mux global benchmark (`global_value` of the overall endpoint). */
    globalValue: nullableNumber,
    globalDisplay: z.string().nullable(),
    verdict: verdictSchema,
  })
  .strict();
export type MetricValue = z.infer<typeof metricValueSchema>;

export const sectionStatusSchema = z.enum(['ok', 'unavailable', 'disabled']);
export type SectionStatus = z.infer<typeof sectionStatusSchema>;

/** Every section carries its status; `reason` explains `unavailable`/`disabled` in one line. */
export const sectionBase = {
  status: sectionStatusSchema,
  reason: z.string().nullable(),
};

/** A section's part of the snapshot: its status and reason first, then its own fields (`shape`). */
export const sectionPart = <T extends z.ZodRawShape>(shape: T) => z.object({ ...sectionBase, ...shape }).strict();

export const costSchema = z
  .object({
    calls: z.number().int(),
    retries: z.number().int(),
    rateLimited: z.number().int(),
    bytes: z.number().int(),
    durationMs: z.number().int(),
  })
  .strict();

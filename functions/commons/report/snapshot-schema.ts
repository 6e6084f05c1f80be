/**
 * The snapshot: one complete, versioned JSON document per (report, period). It is the archive format
 * (S3 + Athena), the input of the email renderer and the answer of `GET /snapshots/{id}`.
 *
 * Rules that keep it queryable for years:
 * - `schemaVersion` is bumped on any breaking change; fields are only ever added within a version.
 * - Every section has the same shape whether it is `ok`, `unavailable` or `disabled` (empty lists, `reason`).
 * - Raw values are kept exactly as Mux returned them (`value`, fractions for scores/percentages),
 *   next to the display string the email shows (`display`, scores 0–100, percentages with %).
 * - Key order is fixed by this schema (zod output follows declaration order) so two runs on the same
 *   data are byte-identical.
 *
 * The JSON Schema in `docs/snapshot.schema.json` is generated from this file.
 *
 * Version history within v1 (additive only, so every archived v1 snapshot still parses):
 * - `coverage` (optional): the span Mux's numbers actually cover (rounding, retention), per section, and whether
 *   the period is `partial`. Absent in snapshots written before it existed; those were collected over exactly
 *   `period` (the engine then sent the local bounds as they were).
 */
import * as z from 'zod';
import { CADENCES, SECTION_IDS } from '../config/schema.js';
import { ROUNDING_CLASSES } from './timeframe.js';

export const SNAPSHOT_SCHEMA_VERSION = 1;

const isoDateTime = z.iso.datetime({ offset: true });

/** One `schema` value per section id, no other key. */
const perSection = <S extends z.ZodType>(schema: S) =>
  z
    .object(Object.fromEntries(SECTION_IDS.map((id) => [id, schema])) as Record<(typeof SECTION_IDS)[number], S>)
    .strict();
const nullableNumber = z.number().nullable();

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
    /** The `timeframe[]` sent: `requested` aligned to Mux's rounding class (report/timeframe.ts). */
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
    /** Per section, for the current period. */
    sections: perSection(sectionTimeframeSchema),
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
    unit: z.enum(['score', 'percentage', 'ms', 'count', 'bps', 'per_minute']),
    direction: z.enum(['higher_is_better', 'lower_is_better', 'neutral']),
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
const sectionBase = {
  status: sectionStatusSchema,
  reason: z.string().nullable(),
};

export const insightSchema = z
  .object({
    metric: z.string(),
    metricLabel: z.string(),
    dimension: z.string(),
    dimensionValue: z.string(),
    /** Metric value for the segment (raw) and its display string. */
    value: nullableNumber,
    display: z.string(),
    negativeImpactScore: nullableNumber,
    views: z.number().int(),
    /** Deep link to the Mux dashboard for this segment. */
    url: z.string(),
  })
  .strict();

export const incidentSchema = z
  .object({
    id: z.string(),
    status: z.string(),
    severity: z.string(),
    startedAt: isoDateTime.nullable(),
    resolvedAt: isoDateTime.nullable(),
    /** opened = started in the period; resolved = resolved in the period; open = still open at period end. */
    inPeriod: z.enum(['opened', 'resolved', 'opened_and_resolved', 'ongoing']),
    description: z.string(),
    impact: z.string().nullable(),
    measurement: z.string().nullable(),
    measuredValue: nullableNumber,
    threshold: nullableNumber,
    affectedViews: z.number().int().nullable(),
    breakdowns: z.array(z.object({ name: z.string(), value: z.string() }).strict()),
    /** Count of related incidents (fetched for incidents still open only). */
    relatedCount: z.number().int().nullable(),
    url: z.string(),
  })
  .strict();

export const errorRowSchema = z
  .object({
    id: z.number().int().nullable(),
    code: z.string().nullable(),
    message: z.string(),
    description: z.string().nullable(),
    /** Views with this error in the period. */
    views: z.number().int(),
    /** Share of views with this error (fraction 0–1) and display ("1.2%"). */
    percentage: nullableNumber,
    percentageDisplay: z.string(),
    previousViews: z.number().int().nullable(),
    /** Change of `views` vs previous period, signed display. */
    deltaDisplay: z.string(),
    lastSeen: isoDateTime.nullable(),
  })
  .strict();

export const breakdownRowSchema = z
  .object({
    /** Segment value (country code, browser name…); "Other" row aggregates the rest. */
    field: z.string(),
    isOther: z.boolean(),
    value: nullableNumber,
    display: z.string(),
    views: z.number().int(),
    /** Share of the breakdown's views (0–1), for the bar width. */
    viewShare: z.number(),
    negativeImpact: nullableNumber,
  })
  .strict();

export const breakdownSchema = z
  .object({
    dimension: z.string(),
    dimensionLabel: z.string(),
    metric: z.string(),
    metricLabel: z.string(),
    unit: z.string(),
    rows: z.array(breakdownRowSchema),
    /** Segments seen in total (before top-N and min-views). */
    totalSegments: z.number().int(),
  })
  .strict();

export const trendPointSchema = z
  .object({
    /** Bucket start (UTC ISO as Mux returns it). */
    start: isoDateTime,
    /** Short label in the report's time zone, e.g. "Mon 9". */
    label: z.string(),
    value: nullableNumber,
    display: z.string(),
    views: z.number().int(),
  })
  .strict();

export const failedViewSchema = z
  .object({
    id: z.string(),
    viewStart: isoDateTime.nullable(),
    viewEnd: isoDateTime.nullable(),
    videoTitle: z.string(),
    country: z.string().nullable(),
    browser: z.string().nullable(),
    os: z.string().nullable(),
    errorTypeId: z.number().int().nullable(),
    errorCode: z.string().nullable(),
    errorMessage: z.string().nullable(),
    url: z.string(),
  })
  .strict();

export const costSchema = z
  .object({
    calls: z.number().int(),
    retries: z.number().int(),
    rateLimited: z.number().int(),
    bytes: z.number().int(),
    durationMs: z.number().int(),
  })
  .strict();

export const snapshotSchema = z
  .object({
    $schema: z.string().optional(),
    schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
    report: z
      .object({
        id: z.string(),
        title: z.string(),
        cadence: z.enum(CADENCES),
        filters: z.array(z.string()),
      })
      .strict(),
    environment: z.object({ name: z.string(), dashboardUrl: z.string() }).strict(),
    period: periodSchema,
    previousPeriod: periodSchema,
    /** Optional within v1: absent in snapshots written before it existed (they covered exactly `period`). */
    coverage: coverageSchema.optional(),
    generatedAt: isoDateTime,
    /** Where this snapshot is archived (`s3://bucket/key` or a local path), when known. */
    archiveLocation: z.string().nullable(),
    headline: z
      .object({
        /** e.g. "Viewer experience 82 (+3 vs last week, Mux global 79)". */
        text: z.string(),
        totalViews: z.number().int(),
        hasViews: z.boolean(),
      })
      .strict(),
    sections: perSection(sectionStatusSchema),
    scores: z.object({ ...sectionBase, items: z.array(metricValueSchema) }).strict(),
    volume: z.object({ ...sectionBase, items: z.array(metricValueSchema) }).strict(),
    keyMetrics: z.object({ ...sectionBase, items: z.array(metricValueSchema) }).strict(),
    insights: z.object({ ...sectionBase, items: z.array(insightSchema) }).strict(),
    incidents: z
      .object({
        ...sectionBase,
        opened: z.number().int(),
        resolved: z.number().int(),
        stillOpen: z.number().int(),
        items: z.array(incidentSchema),
      })
      .strict(),
    errors: z
      .object({
        ...sectionBase,
        items: z.array(errorRowSchema),
        /** Everything past the top N, folded into one row (null when nothing was folded). */
        other: z.object({ count: z.number().int(), views: z.number().int() }).strict().nullable(),
        totalErrorViews: z.number().int(),
      })
      .strict(),
    breakdowns: z.object({ ...sectionBase, items: z.array(breakdownSchema) }).strict(),
    trend: z
      .object({
        ...sectionBase,
        metric: z.string(),
        granularity: z.enum(['hour', 'day']),
        points: z.array(trendPointSchema),
      })
      .strict(),
    failedViews: z
      .object({ ...sectionBase, totalFailed: z.number().int().nullable(), items: z.array(failedViewSchema) })
      .strict(),
    cost: costSchema,
  })
  .strict();

export type Snapshot = z.infer<typeof snapshotSchema>;
export type SnapshotSections = Snapshot['sections'];

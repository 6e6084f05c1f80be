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
import { z } from 'zod';
import { CADENCES } from '../config/schema.js';
import {
  costSchema,
  coverageSchema,
  isoDateTime,
  metricValueSchema,
  nullableNumber,
  periodSchema,
  perSection,
  SNAPSHOT_SCHEMA_VERSION,
  sectionBase,
  sectionStatusSchema,
} from '../snapshot/parts.js';

export {
  type Coverage,
  type CoverageCause,
  coverageSchema,
  type MetricValue,
  metricValueSchema,
  type PeriodJson,
  periodSchema,
  type SectionStatus,
  SNAPSHOT_SCHEMA_VERSION,
  type SpanJson,
  sectionStatusSchema,
  spanSchema,
  type Verdict,
  verdictSchema,
} from '../snapshot/parts.js';

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

/**
 * The causes part of the snapshot ("What changed and why", docs/causes.md): for the overall score and each key metric
 * whose verdict is worse or better, the segments of each decomposed dimension with their part of the change (rate +
 * mix, in the metric's unit), the top causes in words with their dashboard link and matching incidents, and the
 * annotations dated in the period. Added within v1: absent from older snapshots (report/snapshot-schema.ts).
 */
import * as z from 'zod';
import { isoDateTime, nullableNumber, sectionPart, verdictSchema } from '../../snapshot/parts.js';

export const segmentShareSchema = z
  .object({
    field: z.string(),
    isOther: z.boolean(),
    value: nullableNumber,
    previous: nullableNumber,
    views: z.number().int(),
    previousViews: z.number().int(),
    viewShare: z.number(),
    previousViewShare: z.number(),
    /** Part of the change from the segment's own value ("got worse"), in the metric's unit. */
    rate: z.number(),
    /** Part of the change from its share of views ("got bigger"), in the metric's unit. */
    mix: z.number(),
    contribution: z.number(),
    /** contribution / the metric's change (1 = all of it; negative: it moved the other way). */
    share: z.number(),
  })
  .strict();

export const dimensionShareSchema = z
  .object({
    dimension: z.string(),
    dimensionLabel: z.string(),
    /** False when a median's proxy does not follow the metric: no cause is drawn from this dimension. */
    reliable: z.boolean(),
    /** Segments by contribution in the direction of the change; "Other" (small or unlisted segments) included. */
    segments: z.array(segmentShareSchema),
  })
  .strict();

export const causeIncidentSchema = z.object({ id: z.string(), description: z.string(), url: z.string() }).strict();

export const causeSchema = z
  .object({
    dimension: z.string(),
    dimensionLabel: z.string(),
    field: z.string(),
    /** Part of the metric's change, in its unit, and as a share of the change. */
    contribution: z.number(),
    share: z.number(),
    /** "rate": the segment got worse/better; "mix": it got bigger/smaller. */
    kind: z.enum(['rate', 'mix']),
    value: nullableNumber,
    previous: nullableNumber,
    viewShare: z.number(),
    previousViewShare: z.number(),
    /** "browser Safari: +410 ms on 29% of views". */
    text: z.string(),
    url: z.string(),
    /** Incidents overlapping the period whose breakdowns name this segment. */
    incidents: z.array(causeIncidentSchema),
  })
  .strict();
export type Cause = z.output<typeof causeSchema>;

export const metricCausesSchema = z
  .object({
    metric: z.string(),
    measurement: z.string().nullable(),
    label: z.string(),
    unit: z.string(),
    verdict: verdictSchema,
    deltaAbsolute: z.number(),
    deltaDisplay: z.string(),
    /** True for medians and percentiles: the decomposition is an approximation (docs/causes.md). */
    approximate: z.boolean(),
    /** "Video startup time (median) +120 ms vs last week — 70% of it from browser Safari: +410 ms on 29% of views". */
    sentence: z.string(),
    causes: z.array(causeSchema),
    dimensions: z.array(dimensionShareSchema),
    /** Dimensions not decomposed for this metric, with why (call budget, Mux failing). */
    skipped: z.array(z.object({ dimension: z.string(), why: z.string() }).strict()),
  })
  .strict();
export type MetricCauses = z.output<typeof metricCausesSchema>;

export const annotationMarkSchema = z
  .object({ id: z.string(), date: isoDateTime, label: z.string(), note: z.string() })
  .strict();
export type AnnotationMark = z.output<typeof annotationMarkSchema>;

export const causesPartSchema = sectionPart({
  /** How many of the overall score and key metrics moved beyond tolerance. */
  moved: z.number().int(),
  /** One line when nothing moved, or nothing can be explained; else null. */
  summary: z.string().nullable(),
  items: z.array(metricCausesSchema),
  annotations: z.array(annotationMarkSchema),
  /** Mux calls this section made itself (breakdowns shared with the breakdowns section not counted). */
  calls: z.number().int(),
});
export type CausesPart = z.output<typeof causesPartSchema>;

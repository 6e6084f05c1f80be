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
 * - `causes` ("what changed and why", sections/causes) and `sections.causes`: an older snapshot parses with the
 *   section `disabled` (its reason says why); `trend.markers` (optional): the annotations on the trend.
 */
import * as z from 'zod';
import { SECTION_IDS } from '../catalog/sections.js';
import { CADENCES } from '../config/cadence.js';
import { causesPartSchema } from '../sections/causes/schema.js';
import { sectionSchemas } from '../sections/schemas.js';
import {
  costSchema,
  coverageSchema,
  isoDateTime,
  periodSchema,
  perSection,
  SNAPSHOT_SCHEMA_VERSION,
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
        /** Fan-out reports only (config/fan-out.ts): the dimension value this snapshot is about; also a key part. */
        segment: z
          .object({
            dimension: z.string(),
            value: z.string(),
            /**
             * `scorecard`: a segment of the scorecard tier (`fanOut.fullReports`): only scores, volume, key metrics
             * and history, from the fan-out run's shared calls. Absent: the full report.
             */
            tier: z.literal('scorecard').optional(),
            /**
             * Scorecard tier only, from the config (`fanOut.fullReports.top`) when the segment ran: who gets the
             * full report (the `top` segments with the most views) and the sections it has that this scorecard
             * lacks (email order), so that the email can say so (report/scorecard-note.ts). Absent in scorecards
             * written before it existed.
             */
            fullReports: z
              .object({ top: z.number().int().min(0), sections: z.array(z.enum(SECTION_IDS)) })
              .strict()
              .optional(),
          })
          .strict()
          .optional(),
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
    // `causes` added within v1: a snapshot written before it parses with the section `disabled`.
    sections: perSection(sectionStatusSchema).extend({ causes: sectionStatusSchema.default('disabled') }),
    // One part per section, in SECTION_IDS order (sections/schemas.ts; each part's schema is in its folder).
    ...sectionSchemas(),
    causes: causesPartSchema.default(() => ({
      status: 'disabled' as const,
      reason: 'not in snapshots written before the section existed',
      moved: 0,
      summary: null,
      items: [],
      annotations: [],
      calls: 0,
    })),
    cost: costSchema,
  })
  .strict();

export type Snapshot = z.infer<typeof snapshotSchema>;
export type SnapshotSections = Snapshot['sections'];

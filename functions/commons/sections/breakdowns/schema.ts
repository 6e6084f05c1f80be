/** The breakdowns part of the snapshot: one table per dimension, top N segments by views plus "Other". */
import * as z from 'zod';
import { nullableNumber, sectionPart } from '../../snapshot/parts.js';

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
export type BreakdownRow = z.output<typeof breakdownRowSchema>;

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
export type Breakdown = z.output<typeof breakdownSchema>;

export const breakdownsPartSchema = sectionPart({ items: z.array(breakdownSchema) });
export type BreakdownsPart = z.output<typeof breakdownsPartSchema>;

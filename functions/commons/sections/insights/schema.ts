/** The insights part of the snapshot: the worst segments of the sub-scores that dropped most. */
import * as z from 'zod';
import { nullableNumber, sectionPart } from '../../snapshot/parts.js';

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
export type Insight = z.output<typeof insightSchema>;

export const insightsPartSchema = sectionPart({ items: z.array(insightSchema) });
export type InsightsPart = z.output<typeof insightsPartSchema>;

/** The trend part of the snapshot: one metric per day (per hour for daily reports) over exactly the period. */
import * as z from 'zod';
import { isoDateTime, nullableNumber, sectionPart } from '../../snapshot/parts.js';

export const GRANULARITIES = ['hour', 'day'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

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
export type TrendPoint = z.output<typeof trendPointSchema>;

export const trendMarkerSchema = z
  .object({
    /** Index of the point whose bucket holds the annotation. */
    point: z.number().int(),
    date: isoDateTime,
    note: z.string(),
  })
  .strict();
export type TrendMarker = z.output<typeof trendMarkerSchema>;

export const trendPartSchema = sectionPart({
  metric: z.string(),
  granularity: z.enum(GRANULARITIES),
  points: z.array(trendPointSchema),
  /** Mux annotations (deploys, releases) on the points; optional within v1 (absent in older snapshots). */
  markers: z.array(trendMarkerSchema).optional(),
});
export type TrendPart = z.output<typeof trendPartSchema>;

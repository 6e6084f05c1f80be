/** The errors part of the snapshot: the top playback errors, the rest folded into one row. */
import * as z from 'zod';
import { isoDateTime, nullableNumber, sectionPart } from '../../snapshot/parts.js';

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
export type ErrorRow = z.output<typeof errorRowSchema>;

export const errorsPartSchema = sectionPart({
  items: z.array(errorRowSchema),
  /** Everything past the top N, folded into one row (null when nothing was folded). */
  other: z.object({ count: z.number().int(), views: z.number().int() }).strict().nullable(),
  totalErrorViews: z.number().int(),
});
export type ErrorsPart = z.output<typeof errorsPartSchema>;

/** The failed-views part of the snapshot: a sample of views that ended with an error, newest first. */
import * as z from 'zod';
import { isoDateTime, sectionPart } from '../../snapshot/parts.js';

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
export type FailedView = z.output<typeof failedViewSchema>;

export const failedViewsPartSchema = sectionPart({
  totalFailed: z.number().int().nullable(),
  items: z.array(failedViewSchema),
});
export type FailedViewsPart = z.output<typeof failedViewsPartSchema>;

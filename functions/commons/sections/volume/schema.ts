/** The volume (views, unique viewers, watch time) part of the snapshot: metric values (snapshot/parts.ts). */
import * as z from 'zod';
import { metricValueSchema, sectionPart } from '../../snapshot/parts.js';

export const volumePartSchema = sectionPart({ items: z.array(metricValueSchema) });
export type VolumePart = z.output<typeof volumePartSchema>;

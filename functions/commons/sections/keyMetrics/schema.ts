/** The key-metrics part of the snapshot: metric values (snapshot/parts.ts). */
import * as z from 'zod';
import { metricValueSchema, sectionPart } from '../../snapshot/parts.js';

export const keyMetricsPartSchema = sectionPart({ items: z.array(metricValueSchema) });
export type KeyMetricsPart = z.output<typeof keyMetricsPartSchema>;

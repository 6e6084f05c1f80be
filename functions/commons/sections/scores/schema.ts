/** The scores (overall viewer experience, then its four sub-scores) part of the snapshot: metric values (snapshot/parts.ts). */
import * as z from 'zod';
import { metricValueSchema, sectionPart } from '../../snapshot/parts.js';

export const scoresPartSchema = sectionPart({ items: z.array(metricValueSchema) });
export type ScoresPart = z.output<typeof scoresPartSchema>;

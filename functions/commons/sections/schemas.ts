/**
 * The snapshot part of every section (its folder's schema.ts), keyed by id: what the snapshot schema
 * (report/snapshot-schema.ts) is composed from. Apart from the registry (registry.ts), which binds each part to its
 * section's collection, view and text code: whatever only reads or validates snapshots (the archive readers,
 * `GET /snapshots`, the live page, archive-exports) loads these schemas without the code that makes the sections.
 * Each section module's `schema` is the same object (test/sections/registry.test.ts).
 */
import type { z } from 'zod';
import { SECTION_IDS, type SectionId } from '../catalog/sections.js';
import { breakdownsPartSchema } from './breakdowns/schema.js';
import { causesPartSchema } from './causes/schema.js';
import { errorsPartSchema } from './errors/schema.js';
import { failedViewsPartSchema } from './failedViews/schema.js';
import { historyPartSchema } from './history/schema.js';
import { incidentsPartSchema } from './incidents/schema.js';
import { insightsPartSchema } from './insights/schema.js';
import { keyMetricsPartSchema } from './keyMetrics/schema.js';
import { scoresPartSchema } from './scores/schema.js';
import { trendPartSchema } from './trend/schema.js';
import { volumePartSchema } from './volume/schema.js';

/** One line per section; the compiler keeps the keys equal to SECTION_IDS. */
export const SECTION_SCHEMAS = {
  scores: scoresPartSchema,
  causes: causesPartSchema,
  volume: volumePartSchema,
  keyMetrics: keyMetricsPartSchema,
  insights: insightsPartSchema,
  incidents: incidentsPartSchema,
  errors: errorsPartSchema,
  breakdowns: breakdownsPartSchema,
  trend: trendPartSchema,
  history: historyPartSchema,
  failedViews: failedViewsPartSchema,
} as const satisfies { readonly [K in SectionId]: z.ZodObject };

/** The zod schemas of every part, keyed by section id. */
export type SectionSchemas = typeof SECTION_SCHEMAS;

/** Every part's schema, in SECTION_IDS order (the snapshot's key order). */
export const sectionSchemas = (): SectionSchemas =>
  Object.fromEntries(SECTION_IDS.map((id) => [id, SECTION_SCHEMAS[id]])) as SectionSchemas;

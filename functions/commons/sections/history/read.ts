/**
 * What the history takes from an archived snapshot, read leniently: any schema version whose period, headline
 * and metric lists still have these few fields is used (an older or newer snapshot that the full schema would
 * refuse still gives its numbers); one that is not JSON or lacks them is skipped with a note, never a failure.
 */
import * as z from 'zod';
import { type Measurement, metricDef } from '../../catalog/metrics.js';
import { SNAPSHOT_SCHEMA_VERSION } from '../../snapshot/parts.js';
import type { ArchivedText } from '../archive.js';

const item = z.looseObject({
  metric: z.string(),
  measurement: z.string().nullish(),
  value: z.number().nullable(),
});
const list = z.looseObject({ items: z.array(item) }).optional();

const archivedSchema = z.looseObject({
  schemaVersion: z.number().optional(),
  period: z.looseObject({ key: z.string(), start: z.string() }),
  headline: z.looseObject({ totalViews: z.number() }).optional(),
  scores: list,
  volume: list,
  keyMetrics: list,
});
type Archived = z.output<typeof archivedSchema>;

export interface ArchivedValues {
  key: string;
  /**
   * metric id (at a measurement; null: its default) → value (null: the snapshot has the metric without a value,
   * or not at that measurement).
   */
  value(metric: string, measurement: Measurement | null): number | null;
}

/** Every item list where a metric can be, in the order they are searched. */
const lists = (a: Archived) => [a.scores?.items, a.keyMetrics?.items, a.volume?.items];

function valuesOf(a: Archived): ArchivedValues {
  return {
    key: a.period.key,
    value(metric, measurement) {
      if (metric === 'views' && a.headline) return a.headline.totalViews;
      const wanted = measurement ?? metricDef(metric).defaultMeasurement;
      for (const items of lists(a)) {
        const hit = items?.find((i) => i.metric === metric && (i.measurement == null || i.measurement === wanted));
        if (hit) return hit.value;
      }
      return null;
    },
  };
}

export type ReadResult = { values: ArchivedValues; note: string | null } | { values: null; note: string };

export function readArchived(entry: ArchivedText): ReadResult {
  if ('error' in entry) return { values: null, note: `skipped ${entry.location}: ${entry.error}` };
  let json: unknown;
  try {
    json = JSON.parse(entry.text);
  } catch {
    return { values: null, note: `skipped ${entry.location}: not valid JSON` };
  }
  const parsed = archivedSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown shape';
    return { values: null, note: `skipped ${entry.location}: not a snapshot this version can read (${where})` };
  }
  const version = parsed.data.schemaVersion;
  const note =
    version === SNAPSHOT_SCHEMA_VERSION
      ? null
      : `read ${entry.location} leniently (schema version ${version ?? 'none'}, this one writes ${SNAPSHOT_SCHEMA_VERSION})`;
  return { values: valuesOf(parsed.data), note };
}

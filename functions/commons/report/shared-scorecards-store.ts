/**
 * Where a fan-out run's shared scorecards live between the fan-out message and its segments' messages: in the
 * snapshot archive (S3 in AWS, the directory locally), beside the snapshots but outside `snapshots/` (Athena reads
 * every object of a snapshot partition):
 *   fanout/report=<id>/cadence=<cadence>/dt=<period start, local date>/scorecards.json
 * Keyed by report and period, so a redelivered fan-out message finds it and collects nothing again (written once),
 * and every segment's invocation reads the same numbers. A missing or unreadable object is not an error: the
 * segment's scorecard then comes from filtered calls (shared-scorecards.ts `covers`).
 */
import type { Period } from '../period/index.js';
import { type SharedScorecards, sharedScorecardsSchema } from './shared-scorecards.js';
import { CONTENT_TYPES, type ObjectSnapshotStore, periodPrefix, serializeJson } from './snapshot-store.js';

export type SharedScorecardsBackend = Pick<ObjectSnapshotStore, 'readText' | 'writeText' | 'locationOf'>;

export function sharedScorecardsKey(reportId: string, period: Pick<Period, 'cadence' | 'start'>): string {
  const prefix = periodPrefix(reportId, period.cadence, period.start.slice(0, 10));
  return `${prefix.replace(/^snapshots\//, 'fanout/')}/scorecards.json`;
}

/** The stored collection, or null when there is none or it cannot be read (then: filtered calls). */
export async function readSharedScorecards(
  store: SharedScorecardsBackend,
  key: string,
): Promise<{ shared: SharedScorecards | null; note: string | null }> {
  let text: string | null;
  try {
    text = await store.readText(key);
  } catch (error) {
    return { shared: null, note: `could not read ${store.locationOf(key)}: ${(error as Error).message}` };
  }
  if (text === null) return { shared: null, note: null };
  try {
    return { shared: sharedScorecardsSchema.parse(JSON.parse(text)), note: null };
  } catch {
    return { shared: null, note: `${store.locationOf(key)} is not a valid shared-scorecards document` };
  }
}

export function writeSharedScorecards(
  store: SharedScorecardsBackend,
  key: string,
  shared: SharedScorecards,
): Promise<void> {
  return store.writeText(key, serializeJson(shared), CONTENT_TYPES.json);
}

/**
 * Archived snapshots without Mux, for the history, query and bench measures: a real snapshot (the golden one,
 * collected by the pipeline from the fake) re-dated to other weeks, with chosen values, written through the real
 * snapshot store (validated, keys from snapshot-store.ts).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Temporal } from 'temporal-polyfill';
import { type Period, previousPeriod } from '../functions/commons/period/index.js';
import { calendarPeriod } from '../functions/commons/period/period.js';
import { type Snapshot, snapshotSchema } from '../functions/commons/report/snapshot-schema.js';
import type { SnapshotStore } from '../functions/commons/report/snapshot-store.js';

const GOLDEN = fileURLToPath(new URL('../test/fixtures/golden/weekly-qoe.snapshot.json', import.meta.url));

/** The golden weekly-qoe snapshot (Europe/Paris), parsed. */
export const goldenSnapshot = (): Snapshot => snapshotSchema.parse(JSON.parse(readFileSync(GOLDEN, 'utf8')));

/** `n` weekly periods in the golden's zone, oldest first, the last one starting on Monday `lastMonday`. */
export function weeks(lastMonday: string, n: number, timeZone = 'Europe/Paris'): Period[] {
  const last = calendarPeriod('weekly', Temporal.PlainDate.from(lastMonday), timeZone);
  const out = [last];
  while (out.length < n) out.unshift(previousPeriod(out[0]!));
  return out;
}

export interface ArchivedValues {
  /** The overall score (0–1). */
  score: number;
  views: number;
  /** Median startup time, ms. */
  startupMs: number;
}

/** The golden snapshot moved to `period`, with these values. */
export function archivedSnapshot(period: Period, values: ArchivedValues, base = goldenSnapshot()): Snapshot {
  const setItem = <T extends { metric: string; measurement: string | null; value: number | null }>(
    items: T[],
    metric: string,
    value: number,
    measurement: string | null = null,
  ) =>
    items.map((i) =>
      i.metric === metric && (measurement === null || i.measurement === measurement) ? { ...i, value } : i,
    );
  return snapshotSchema.parse({
    ...base,
    period,
    previousPeriod: previousPeriod(period),
    generatedAt: new Date(period.endEpoch * 1000 + 8 * 3_600_000).toISOString(),
    headline: { ...base.headline, totalViews: values.views },
    scores: { ...base.scores, items: setItem(base.scores.items, 'viewer_experience_score', values.score) },
    volume: { ...base.volume, items: setItem(base.volume.items, 'views', values.views) },
    keyMetrics: {
      ...base.keyMetrics,
      items: setItem(base.keyMetrics.items, 'video_startup_time', values.startupMs, 'median'),
    },
  });
}

/** Writes one snapshot per period through `store`; `values(i)` gives each its numbers. */
export async function fillArchive(
  store: SnapshotStore,
  periods: readonly Period[],
  values: (i: number) => ArchivedValues,
): Promise<Snapshot[]> {
  const base = goldenSnapshot();
  const out: Snapshot[] = [];
  for (const [i, p] of periods.entries()) out.push((await store.put(archivedSnapshot(p, values(i), base))).snapshot);
  return out;
}

/**
 * The fan-out message's work (issue 25): the segments of this period (fan-out-values.ts), their tier, and — when
 * the report has `fullReports: { top: K }` and some segment gets a scorecard — the scorecards of every segment
 * from calls shared by all of them (report/shared-scorecards.ts), stored once beside the snapshots
 * (report/shared-scorecards-store.ts) for the segments' own invocations to read.
 *
 * Why store them rather than build every scorecard in this invocation: each segment stays its own queue message
 * and invocation, with its own retries, dead-letter entry, snapshot, email and idempotency record, exactly as
 * before; one failing customer never holds back the others, and 1,000 sends never have to fit one Lambda's 15
 * minutes. The price is one S3 GET per segment. A redelivered fan-out message finds the stored object for the
 * same period and collects nothing again.
 */
import { type SegmentTier, segmentTiers } from '../config/fan-out.js';
import { environmentOf, findReport } from '../config/lookup.js';
import { timed } from '../observability/phases.js';
import { previousPeriod } from '../period/index.js';
import { sameSpan } from '../period/timeframe.js';
import { planRequest } from '../report/coverage.js';
import { collectSharedScorecards, type SharedScorecards } from '../report/shared-scorecards.js';
import {
  readSharedScorecards,
  type SharedScorecardsBackend,
  sharedScorecardsKey,
  writeSharedScorecards,
} from '../report/shared-scorecards-store.js';
import { ObjectSnapshotStore, type SnapshotStore } from '../report/snapshot-store.js';
import { type FanOutSelection, type FanOutValuesOptions, fanOutSelection } from './fan-out-values.js';
import { type PeriodRequest, resolvePeriod } from './generate.js';
import { createMuxClient } from './mux-client.js';

export interface FanOutPlanOptions extends FanOutValuesOptions {
  /** Where the shared scorecards are stored (the snapshot archive). */
  store: SnapshotStore;
}

export interface PlannedSegment {
  value: string;
  tier: SegmentTier;
}

export interface FanOutPlan {
  segments: PlannedSegment[];
  /** The shared collection, when one was needed: where, its Mux calls, and whether a stored one was reused. */
  shared: { location: string; calls: number; reused: boolean; covered: number } | null;
  /** How the `{ top }` values were picked: what `match`/`allow` skipped, pages read (for the run's log and metrics). */
  selection: Omit<FanOutSelection, 'values'>;
}

/** The store as the shared scorecards' backend; null for one that has no object space (a test double). */
const backendOf = (store: SnapshotStore): SharedScorecardsBackend | null =>
  store instanceof ObjectSnapshotStore ? store : null;

export async function planFanOut(options: FanOutPlanOptions): Promise<FanOutPlan> {
  const report = findReport(options.config, options.reportId);
  const fanOut = report.fanOut;
  const { values, ...selection } = await fanOutSelection(options);
  const k = fanOut?.fullReports?.top;
  const backend = backendOf(options.store);
  if (!fanOut || k === undefined || values.length <= k || !backend) {
    return { segments: segmentTiers(fanOut ?? {}, values, () => null), shared: null, selection };
  }
  const period = resolvePeriod(report, options.period, options.now ?? new Date());
  const plan = planRequest(period, previousPeriod(period));
  const key = sharedScorecardsKey(report.id, period);
  const stored = (await timed('aws', () => readSharedScorecards(backend, key))).shared;
  const reusable =
    stored !== null && sameSpan(stored.spans.current, plan.current) && sameSpan(stored.spans.previous, plan.previous);
  let shared: SharedScorecards;
  if (reusable) shared = stored;
  else {
    const client = await createMuxClient(environmentOf(options.config, report), options.credentials, options);
    try {
      shared = await timed('mux', () =>
        collectSharedScorecards({
          client,
          report,
          dimension: fanOut.dimension,
          periodKey: period.key,
          span: plan.current,
          previousSpan: plan.previous,
          segments: values,
        }),
      );
    } finally {
      await client.close();
    }
    await timed('aws', () => writeSharedScorecards(backend, key, shared));
  }
  return {
    segments: segmentTiers(fanOut, values, (v) => shared.segments[v]?.current?.views ?? null),
    shared: {
      location: backend.locationOf(key),
      calls: reusable ? 0 : shared.calls,
      reused: reusable,
      covered: Object.keys(shared.segments).length,
    },
    selection,
  };
}

/**
 * The last collection read, per location: a warm container runs a fan-out's segments one after another and
 * would otherwise read and parse the same object (~0.7 MB for 1,000 segments) for each. Safe because a key is
 * written once per report and period, with the same spans (planFanOut reuses it).
 */
let lastRead: { location: string; shared: SharedScorecards } | null = null;

/**
 * The shared scorecards a scorecard-tier segment reads (null when none are stored or readable: its scorecard then
 * comes from filtered calls).
 */
export async function storedSharedScorecards(options: {
  config: FanOutValuesOptions['config'];
  reportId: string;
  period: PeriodRequest;
  now?: Date;
  store: SnapshotStore;
}): Promise<SharedScorecards | null> {
  const backend = backendOf(options.store);
  if (!backend) return null;
  const report = findReport(options.config, options.reportId);
  const period = resolvePeriod(report, options.period, options.now ?? new Date());
  const key = sharedScorecardsKey(report.id, period);
  const location = backend.locationOf(key);
  if (lastRead?.location === location) return lastRead.shared;
  const { shared } = await readSharedScorecards(backend, key);
  if (shared) lastRead = { location, shared };
  return shared;
}

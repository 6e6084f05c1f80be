/**
 * The emails a reader gets, as the browser tests look at them: the default weekly report, a monthly one, a
 * deployment's first report (empty archive), one segment of a fan-out report (full and scorecard tier, the scorecard for both audiences) and the worst case (every list at its
 * maximum, 36 months of history, long non-ASCII names).
 */
import type { ViewModelOptions } from '../../functions/commons/render/index.js';
import type { Snapshot } from '../../functions/commons/report/snapshot-schema.js';
import { defaultSnapshot, scorecardSnapshot, worstCaseSnapshot } from './sample-snapshots.js';

/** A monthly report (October 2026) with the default 13 months of history. */
export function monthlySnapshot(): Snapshot {
  const worst = worstCaseSnapshot();
  const s = defaultSnapshot();
  s.report = { id: 'web-monthly', title: 'Web player — monthly QoE', cadence: 'monthly', filters: [] };
  s.period = worst.period;
  s.previousPeriod = worst.previousPeriod;
  s.headline.text = 'Viewer experience 82 (+3 vs previous month, Mux global 79) — October 2026';
  const h = worst.history;
  s.history = { ...h, status: 'ok', reason: null, notes: [], periods: 13, archived: 12 };
  s.history.series = h.series.map((series) => ({ ...series, points: series.points.slice(-13) }));
  return s;
}

/** A new deployment's first report: nothing archived before this period. */
export function firstReportSnapshot(): Snapshot {
  const s = defaultSnapshot();
  s.archiveLocation = null;
  s.history.archived = 0;
  s.history.series = s.history.series.map((series) => ({
    ...series,
    band: null,
    outside: null,
    lastYear: null,
    points: series.points.map((p) => (p.current ? p : { ...p, value: null, display: 'no data' })),
  }));
  return s;
}

/** One customer's report of a fan-out over sub_property_id (config/fan-out.ts). */
export function fanOutSnapshot(): Snapshot {
  const s = defaultSnapshot();
  s.report = {
    id: 'per-customer',
    title: 'Per customer — weekly QoE: acme-streaming',
    cadence: 'weekly',
    filters: ['sub_property_id:acme-streaming'],
    segment: { dimension: 'sub_property_id', value: 'acme-streaming' },
  };
  return s;
}

/** Name, snapshot and render options (the audience: a customer's scorecard is worded for the customer). */
export const LOOK_EMAILS: ReadonlyArray<readonly [string, () => Snapshot, ViewModelOptions?]> = [
  ['default', defaultSnapshot],
  ['monthly', monthlySnapshot],
  ['first', firstReportSnapshot],
  ['fan-out', fanOutSnapshot],
  ['scorecard', scorecardSnapshot],
  ['scorecard-external', scorecardSnapshot, { audience: 'external' }],
  ['worst', worstCaseSnapshot],
];

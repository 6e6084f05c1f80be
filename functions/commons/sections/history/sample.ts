/** Sample history (test data only, see ../sample-kit.ts): 2026-W47 and the 11 weeks before it. */
import { metricDef } from '../../catalog/metrics.js';
import { HISTORY_PERIOD_BOUNDS } from '../../config/history.js';
import { formatValue } from '../../format/index.js';
import { hostile, type SectionSample } from '../sample-kit.js';
import { normalBand, outsideBand } from './band.js';
import type { HistoryPart, HistoryPoint, HistorySeries } from './schema.js';

/** What historyMetrics (metrics.ts) gives for the default keyMetrics. */
const HISTORY_METRICS = [
  'viewer_experience_score',
  'views',
  'video_startup_time',
  'rebuffer_percentage',
  'playback_failure_percentage',
] as const;

/** Per metric: 12 values, oldest first; null = a gap. Startup time jumps this week (the flag). */
const VALUES: Record<(typeof HISTORY_METRICS)[number], (number | null)[]> = {
  viewer_experience_score: [0.81, 0.82, 0.8, null, 0.83, 0.81, 0.82, 0.8, 0.81, 0.83, 0.82, 0.82],
  views: [44_100, 45_020, 43_870, null, 46_200, 45_510, 47_020, 46_880, 45_900, 47_300, 46_312, 48_213],
  video_startup_time: [1180, 1210, 1195, null, 1220, 1200, 1190, 1230, 1205, 1215, 1199, 1612],
  rebuffer_percentage: [0.012, 0.011, 0.013, null, 0.012, 0.012, 0.011, 0.013, 0.012, 0.012, 0.0118, 0.0121],
  playback_failure_percentage: [
    0.008,
    0.009,
    0.008,
    null,
    0.0085,
    0.008,
    0.0079,
    0.0082,
    0.008,
    0.0081,
    0.0083,
    0.0084,
  ],
};

function series(
  metric: (typeof HISTORY_METRICS)[number],
  n: number,
  label = (i: number) => `${(i % 28) + 1} Nov`,
): HistorySeries {
  const def = metricDef(metric);
  const values = Array.from({ length: n }, (_, i) => VALUES[metric][i % 12]!);
  const points: HistoryPoint[] = values.map((value, i) => ({
    key: `2026-W${String(36 + (i % 12)).padStart(2, '0')}`,
    start: `2026-${String(9 + (Math.floor(i / 4) % 3)).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
    label: label(i),
    value,
    display: value === null ? 'no data' : formatValue(def.unit, value),
    current: i === n - 1,
  }));
  const past = points.slice(0, -1).flatMap((p) => (p.value === null ? [] : [p.value]));
  const band = normalBand(past);
  const current = points[points.length - 1]!.value;
  return {
    metric,
    measurement: metric === 'video_startup_time' ? 'median' : null,
    label: metric === 'video_startup_time' ? `${def.label} (median)` : def.label,
    unit: def.unit,
    direction: def.direction,
    points,
    band,
    outside: outsideBand(current, band),
    lastYear: { ...points[0]!, key: '2025-W47', start: '2025-11-17', label: '17 Nov 2025', current: false },
  };
}

const part = (over: Partial<HistoryPart> = {}, n = 12): HistoryPart => ({
  status: 'ok',
  reason: null,
  cadence: 'weekly',
  periods: n,
  archived: n - 2,
  series: HISTORY_METRICS.map((m) => series(m, n)),
  notes: [],
  ...over,
});

export const sample: SectionSample<HistoryPart> = {
  default: () => part(),
  // A monthly report at its longest history (36 months; the email charts the last 14), one unreadable snapshot.
  worstCase: () => ({
    ...part(
      {
        cadence: 'monthly',
        notes: ['skipped s3://reports/snapshots/report=x/cadence=monthly/dt=2026-02-01/snapshot.json: not valid JSON'],
      },
      HISTORY_PERIOD_BOUNDS.monthly.max,
    ),
    reason: '1 archived snapshot could not be read (see notes)',
  }),
  empty: () =>
    part({
      series: HISTORY_METRICS.map((m) => ({
        ...series(m, 12),
        band: null,
        outside: null,
        lastYear: null,
        points: series(m, 12).points.map((p) => ({ ...p, value: null, display: 'no data' })),
      })),
      archived: 0,
    }),
  hostile: () =>
    part({
      series: HISTORY_METRICS.map((m) => series(m, 12, (i) => `${i + 1} Nov ${hostile(i)}`)),
      notes: [`skipped ${hostile(0)}: ${hostile(1)}`],
    }),
};

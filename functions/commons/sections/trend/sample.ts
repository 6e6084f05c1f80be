/** Sample trends (test data only, see ../sample-kit.ts). */
import { hostile, type SectionSample } from '../sample-kit.js';
import type { TrendPart, TrendPoint } from './schema.js';

const DAYS = ['Mon 16', 'Tue 17', 'Wed 18', 'Thu 19', 'Fri 20', 'Sat 21', 'Sun 22'];
function trendPoints(): TrendPoint[] {
  const values = [81, 83, 79, 82, 84, 80, 85];
  const views = [6120, 6480, 6902, 6755, 7010, 7390, 7556];
  return DAYS.map((label, i) => ({
    start: new Date(Date.UTC(2026, 10, 15 + i, 23)).toISOString(),
    label,
    value: values[i]! / 100,
    display: String(values[i]),
    views: views[i]!,
  }));
}

const part = (points: TrendPoint[]): TrendPart => ({
  status: 'ok',
  reason: null,
  metric: 'viewer_experience_score',
  granularity: 'day',
  points,
});

export const sample: SectionSample<TrendPart> = {
  default: () => ({
    ...part(trendPoints()),
    markers: [{ point: 1, date: '2026-11-17T13:00:00.000Z', note: 'Deploy player v3.2.0' }],
  }),
  // October 2026, 31 days, across the end of summer time.
  worstCase: () =>
    part(
      Array.from({ length: 31 }, (_, i) => ({
        start: new Date(Date.UTC(2026, 9, 1 + i) - (i < 25 ? 2 : 1) * 3_600_000).toISOString(),
        label: `${['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed'][i % 7]} ${i + 1}`,
        value: (75 + (i % 9)) / 100,
        display: String(75 + (i % 9)),
        views: 30_000 + i * 1_111,
      })),
    ),
  empty: () => part(trendPoints().map((p) => ({ ...p, value: null, display: 'N/A', views: 0 }))),
  hostile: () => ({
    ...part(trendPoints().map((p, i) => ({ ...p, label: `${p.label} ${hostile(i)}` }))),
    markers: [0, 1, 2].map((i) => ({ point: 2, date: '2026-11-18T13:00:00.000Z', note: hostile(i + 2) })),
  }),
};

/** A daily report's trend (Sunday 22 Nov 2026, Europe/Paris): 24 hourly points, 4 of them without data. */
export function hourlyTrend(): TrendPart {
  return {
    status: 'ok',
    reason: null,
    metric: 'viewer_experience_score',
    granularity: 'hour',
    points: Array.from({ length: 24 }, (_, h) => ({
      start: new Date((1795302000 + h * 3600) * 1000).toISOString(),
      label: `${String(h).padStart(2, '0')}:00`,
      value: h >= 2 && h <= 5 ? null : (78 + ((h * 7) % 10)) / 100,
      display: h >= 2 && h <= 5 ? 'N/A' : String(78 + ((h * 7) % 10)),
      views: h >= 2 && h <= 5 ? 0 : 200 + h * 37,
    })),
  };
}

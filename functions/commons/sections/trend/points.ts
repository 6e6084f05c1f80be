/**
 * Trend points over exactly the period. Mux returns `[bucketStartIso, value|null, views|null]`;
 * day buckets are (most likely) UTC days. We keep buckets whose start lies in [start, end), fill missing
 * buckets on the grid the returned buckets use (UTC-aligned when none came back) with value null / views 0.
 *
 * Labels are in the report's time zone and are taken at the MIDDLE of the bucket, so a UTC-midnight day bucket
 * is labelled with the right calendar day in any zone within ±12 h: "Mon 16" (day) or "14:00" (hour).
 */

import type { Unit } from '../../catalog/metrics.js';
import { formatValue, isNum } from '../../format/index.js';
import type { TimeseriesPoint } from '../../mux/index.js';
import type { Granularity, TrendPoint } from './schema.js';

const STEP_S: Record<Granularity, number> = { hour: 3600, day: 86400 };

const labelFormats = new Map<string, Intl.DateTimeFormat>();
function fmt(timeZone: string, granularity: Granularity): Intl.DateTimeFormat {
  const key = `${timeZone}|${granularity}`;
  let f = labelFormats.get(key);
  if (!f) {
    f =
      granularity === 'day'
        ? new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric' })
        : new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    labelFormats.set(key, f);
  }
  return f;
}

export function trendLabel(startEpochS: number, granularity: Granularity, timeZone: string): string {
  const mid = (startEpochS + STEP_S[granularity] / 2) * 1000;
  const parts = fmt(timeZone, granularity).formatToParts(new Date(granularity === 'day' ? mid : startEpochS * 1000));
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  return granularity === 'day' ? `${get('weekday')} ${get('day')}` : `${get('hour')}:${get('minute')}`;
}

function toIso(epochS: number): string {
  return new Date(epochS * 1000).toISOString();
}

export function buildTrendPoints(opts: {
  data: readonly TimeseriesPoint[];
  granularity: Granularity;
  period: { startEpoch: number; endEpoch: number; timeZone: string };
  unit: Unit;
}): TrendPoint[] {
  const step = STEP_S[opts.granularity];
  const { startEpoch, endEpoch, timeZone } = opts.period;
  const byStart = new Map<number, { value: number | null; views: number }>();
  for (const [iso, value, views] of opts.data) {
    const t = Date.parse(iso);
    if (!Number.isFinite(t)) continue;
    const s = Math.floor(t / 1000);
    if (s < startEpoch || s >= endEpoch) continue;
    byStart.set(s, {
      value: isNum(value) ? value : null,
      views: isNum(views) ? Math.max(0, Math.round(views)) : 0,
    });
  }
  // Grid alignment: follow Mux's buckets when there are any, else UTC boundaries.
  const first = [...byStart.keys()].sort((a, b) => a - b)[0];
  const offset =
    first !== undefined ? (((first - startEpoch) % step) + step) % step : (step - (startEpoch % step)) % step;
  const starts = new Set<number>(byStart.keys());
  for (let s = startEpoch + offset; s < endEpoch; s += step) starts.add(s);
  return [...starts]
    .sort((a, b) => a - b)
    .map((s) => {
      const p = byStart.get(s);
      const value = p?.value ?? null;
      return {
        start: toIso(s),
        label: trendLabel(s, opts.granularity, timeZone),
        value,
        display: formatValue(opts.unit, value),
        views: p?.views ?? 0,
      };
    });
}

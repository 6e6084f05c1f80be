/**
 * Alert incidents anchored on the fake's clock (floored to the hour so they do not drift while the fake runs):
 * closed ones over the last three weeks, one that started before the last full week and closed inside it, one open.
 */
import { ERROR_TYPES } from './catalog.js';
import { hash, token, unit } from './hash.js';
import { TITLES } from './universe.js';

export interface Incident {
  affected_views: number;
  affected_views_per_hour: number;
  affected_views_per_hour_on_open: number;
  /** `id` names the (dimension, value) pair, the same in every incident that has it. */
  breakdowns: Array<{ id: string; name: string; value: string }>;
  description: string;
  error_description: string;
  id: string;
  impact: string;
  incident_key: string;
  measured_value: number;
  measured_value_on_close: number | null;
  measurement: string;
  notification_rules: unknown[];
  notifications: Array<{ attempted_at: string; id: number; queued_at: string }>;
  resolved_at: string | null;
  sample_size: number;
  sample_size_unit: string;
  severity: 'warning' | 'alert';
  started_at: string;
  status: 'open' | 'closed' | 'expired';
  threshold: number;
}

/** [hours before now it started, duration in hours or null if still open, kind] */
const PLAN: Array<[number, number | null, 'error' | 'title' | 'country' | 'rebuffer']> = [
  [3 * 24 + 5, null, 'title'],
  [6 * 24 + 2, 9, 'error'],
  [8 * 24 + 20, 30, 'country'],
  [12 * 24 + 3, 4, 'error'],
  [16 * 24 + 11, 18, 'rebuffer'],
  [19 * 24 + 7, 2, 'title'],
  [26 * 24, 6, 'country'],
];

const micro = (epochSec: number, extraMs: number) =>
  new Date(epochSec * 1000 + extraMs).toISOString().replace('Z', '000Z');

export function incidents(seed: number, nowSec: number): Incident[] {
  const anchor = Math.floor(nowSec / 3600) * 3600;
  return PLAN.map(([hoursAgo, duration, kind], i) => {
    const u = (label: string) => unit(seed, 'incident', i, label);
    const start = anchor - hoursAgo * 3600 + Math.floor(u('min') * 3000);
    const end = duration === null ? null : start + duration * 3600 + Math.floor(u('end') * 1800);
    const error = ERROR_TYPES[hash(seed, 'incident-error', i) % ERROR_TYPES.length]!;
    const title = TITLES[hash(seed, 'incident-title', i) % TITLES.length]!;
    const country = ['US', 'BR', 'IN', 'GB'][hash(seed, 'incident-country', i) % 4]!;
    const rate = Math.round(20 + u('rate') * 120);
    const hours = ((end ?? anchor) - start) / 3600;
    const affected = Math.max(1, Math.round(rate * hours * (0.5 + u('affected') * 0.5)));
    const measured = Math.round((5 + u('measured') * 60) * 10) / 10;
    const pairs: Array<[string, string]> =
      kind === 'title'
        ? [
            ['video_title', title.title],
            ['error_type_id', String(error.id)],
          ]
        : kind === 'country'
          ? [['country', country]]
          : kind === 'rebuffer'
            ? [['cdn', 'akamai']]
            : [['error_type_id', String(error.id)]];
    const breakdowns = pairs.map(([name, value]) => ({
      id: token(6, seed, 'incident-breakdown', name, value).toLowerCase(),
      name,
      value,
    }));
    const description =
      kind === 'rebuffer'
        ? `Rebuffering is significantly high (${measured}%) for cdn *akamai*`
        : kind === 'country'
          ? `Overall error-rate is significantly high (${measured}%) in *${country}*`
          : `Overall error-rate is significantly high (${measured}%) due to an error of *${error.message}*`;
    const notificationIds = [100_000 + (hash(seed, 'n1', i) % 9000), 100_000 + (hash(seed, 'n2', i) % 9000)];
    const notifications = [
      { attempted_at: micro(start + 48, 174), id: notificationIds[0]!, queued_at: micro(start + 48, 0) },
    ];
    if (end !== null)
      notifications.push({ attempted_at: micro(end + 4, 183), id: notificationIds[1]!, queued_at: micro(end + 4, 0) });
    return {
      affected_views: affected,
      affected_views_per_hour: Math.max(1, Math.round(affected / Math.max(1, hours))),
      affected_views_per_hour_on_open: rate,
      breakdowns,
      description,
      error_description:
        kind === 'rebuffer' ? 'Rebuffer percentage above threshold' : `Error Type ID ${error.id}: ${error.message}`,
      id: token(6, seed, 'incident-id', i).toLowerCase(),
      impact:
        end === null
          ? `*${affected} views* have been affected so far at a rate of *${rate} per hour*`
          : `*${affected} views* were affected at a rate of *${Math.max(1, Math.round(affected / Math.max(1, hours)))} per hour*`,
      incident_key: breakdowns.map((b) => `${b.name}=${b.value}`).join('&'),
      measured_value: measured,
      measured_value_on_close: end === null ? null : Math.round(u('close') * 20) / 10,
      measurement: kind === 'rebuffer' ? 'rebuffer_percentage' : 'error_rate',
      notification_rules: [],
      notifications,
      resolved_at: end === null ? null : micro(end, 0),
      sample_size: kind === 'title' ? 100 : 1000,
      sample_size_unit: 'views',
      severity: i % 3 === 1 ? 'warning' : 'alert',
      started_at: micro(start, 0),
      status: end === null ? 'open' : 'closed',
      threshold: kind === 'rebuffer' ? 2 : 5,
    } satisfies Incident;
  });
}

/** Related = shares a breakdown dimension+value, or overlaps in time (within a day). */
export function related(all: Incident[], target: Incident): Incident[] {
  const keys = new Set(target.breakdowns.map((b) => `${b.name}=${b.value}`));
  const t0 = Date.parse(target.started_at);
  return all.filter(
    (x) =>
      x.id !== target.id &&
      (x.breakdowns.some((b) => keys.has(`${b.name}=${b.value}`)) ||
        Math.abs(Date.parse(x.started_at) - t0) < 86_400_000 * 4),
  );
}

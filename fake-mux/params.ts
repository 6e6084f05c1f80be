/**
 * Query-string parsing and validation with Mux's error shapes. Handlers throw ApiError; the server turns it into
 * the response. Array params must use brackets (`timeframe[]`), raw or percent-encoded — URLSearchParams decodes both.
 */
import {
  KNOWN_DIMENSIONS,
  MEASUREMENTS,
  METRICS,
  type Measurement,
  NON_FILTERABLE_METRICS,
  TRACE_DIMENSIONS,
} from './catalog.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

export const invalid = (...messages: string[]) =>
  new ApiError(400, { error: { type: 'invalid_parameters', messages } });

export const notFound = () =>
  new ApiError(404, {
    error: {
      type: 'not_found',
      messages: ["The requested resource either doesn't exist or you don't have access to it."],
    },
  });

/**
 * Data retention. Mux keeps 100 days of view data on standard plans ("Pseudonymized video view data is stored for up to
 * 100 days", privacy FAQ) but does not document what the API answers for an older timeframe, so the fake models both
 * plausible answers and the engine must cope with either:
 * - `refuse` (default): a 400 `invalid_parameters` in Mux's usual error shape, naming the oldest allowed instant;
 * - `clamp`: the start is moved up to the oldest retained instant and the answer echoes that clamped `timeframe`
 *   (the way Mux echoes the window it actually used); a timeframe that ends before it is refused as above.
 * Retention is whole UTC days: the oldest instant kept is the UTC midnight that starts the day of `now − days`, so the
 * cutoff only moves once a day and is a boundary of every rounding class (clamping never un-rounds a timeframe).
 */
export interface Retention {
  days: number;
  mode: 'refuse' | 'clamp';
}
export const DEFAULT_RETENTION: Retention = { days: 100, mode: 'refuse' };

const UNIT_SECONDS: Record<string, number> = {
  minute: 60,
  minutes: 60,
  hour: 3600,
  hours: 3600,
  day: 86_400,
  days: 86_400,
};

export type Timeframe = [number, number];

/** Rejects the unbracketed form so client bugs surface here rather than against the real API. */
export function arrayParam(q: URLSearchParams, name: string): string[] {
  if (q.has(name)) throw invalid(`${name} must be provided as an array query string parameter (${name}[]=)`);
  return q.getAll(`${name}[]`);
}

/**
 * Mux's timeframe rounding (changelog 2022-05-12): "If the timeframe of the query is 6 hours or less, the interval will
 * round to a ten_minute boundary; if 15 days or less, to an hour boundary; if greater than 15 days, to a day boundary".
 * The class is chosen from the REQUESTED length (exactly 6 h → ten minutes, exactly 15 days → hours); day boundaries
 * are UTC midnights (the API has no time-zone parameter).
 */
export const ROUNDING_STEPS = { ten_minutes: 600, hour: 3600, day: 86_400 } as const;
export type RoundingClass = keyof typeof ROUNDING_STEPS;

export function roundingClass(lengthSec: number): RoundingClass {
  if (lengthSec <= 6 * 3600) return 'ten_minutes';
  if (lengthSec <= 15 * 86_400) return 'hour';
  return 'day';
}

/**
 * Mux does not document the DIRECTION of its rounding. The fake truncates both bounds down to the boundary (`floor`),
 * what a time-bucketed store does with `toStartOfInterval` on each bound; it never reaches past the requested end.
 * The other directions are here so tests can show the engine does not depend on the choice (it sends timeframes that
 * are already boundaries, which every direction leaves alone). A timeframe that would round to nothing keeps one step.
 */
export type RoundingDirection = 'floor' | 'ceil' | 'nearest' | 'outward';
export const FAKE_ROUNDING_DIRECTION: RoundingDirection = 'floor';

export function roundTimeframe(tf: Timeframe, direction: RoundingDirection = FAKE_ROUNDING_DIRECTION): Timeframe {
  const step = ROUNDING_STEPS[roundingClass(tf[1] - tf[0])];
  const down = (t: number) => Math.floor(t / step) * step;
  const up = (t: number) => Math.ceil(t / step) * step;
  const near = (t: number) => Math.round(t / step) * step;
  const [start, end] =
    direction === 'floor'
      ? [down(tf[0]), down(tf[1])]
      : direction === 'ceil'
        ? [up(tf[0]), up(tf[1])]
        : direction === 'nearest'
          ? [near(tf[0]), near(tf[1])]
          : [down(tf[0]), up(tf[1])];
  return [start, end > start ? end : start + step];
}

/** The oldest instant the fake still has data for (see `Retention`). */
export function retentionCutoff(nowSec: number, days: number): number {
  return Math.floor((nowSec - days * 86_400) / 86_400) * 86_400;
}

/**
 * `timeframe[]` as every route reads it: parsed (two epochs or one `N:unit` duration ending now; missing = the last
 * `defaultWindow` seconds), rounded like Mux (above), then checked against the retention window. The result is the
 * effective timeframe: the routes compute their data over it and echo it in the envelope.
 */
export function parseTimeframe(
  ctx: { query: URLSearchParams; nowSec: number; retention?: Retention },
  defaultWindow = 86_400,
): Timeframe {
  const { query: q, nowSec } = ctx;
  const raw = arrayParam(q, 'timeframe');
  let tf: Timeframe;
  if (raw.length === 0) {
    tf = [nowSec - defaultWindow, nowSec];
  } else if (raw.length === 1) {
    const m = /^(\d{1,6}):([a-z]+)$/.exec(raw[0]!);
    const unitS = m ? UNIT_SECONDS[m[2]!] : undefined;
    if (!m || unitS === undefined || Number(m[1]) === 0) {
      throw invalid(
        `Invalid timeframe '${raw[0]}': expected a duration like 24:hours or 7:days (units: minutes, hours, days), or two epoch timestamps`,
      );
    }
    tf = [nowSec - Number(m[1]) * unitS, nowSec];
  } else if (raw.length === 2) {
    if (!raw.every((x) => /^\d{1,12}$/.test(x))) {
      throw invalid(`Invalid timeframe [${raw.join(', ')}]: epoch timestamps must be integers (seconds)`);
    }
    tf = [Number(raw[0]), Number(raw[1])];
    if (tf[0] >= tf[1]) throw invalid(`Invalid timeframe [${raw.join(', ')}]: start must be before end`);
  } else {
    throw invalid('Invalid timeframe: provide either one duration string or two epoch timestamps');
  }
  tf = roundTimeframe(tf);
  const retention = ctx.retention ?? DEFAULT_RETENTION;
  const oldest = retentionCutoff(nowSec, retention.days);
  if (tf[0] < oldest) {
    if (retention.mode === 'clamp' && tf[1] > oldest) return [oldest, tf[1]];
    throw invalid(
      `Timeframe start ${new Date(tf[0] * 1000).toISOString()} is outside the ${retention.days}-day data retention window (oldest allowed: ${new Date(oldest * 1000).toISOString()})`,
    );
  }
  return tf;
}

export interface FilterClause {
  dim: string;
  negate: boolean;
  /** 'eq' = equals; trace clauses: 'contains' (+dim:v), 'omits' (-dim:v), 'exact' (dim:[a,b]). */
  op: 'eq' | 'contains' | 'omits' | 'exact';
  value: string;
  trace?: string[];
}

export function parseFilters(q: URLSearchParams): FilterClause[] {
  return arrayParam(q, 'filters').map((raw) => {
    const m = /^([!+-]?)([a-z0-9_]+):(.*)$/s.exec(raw);
    if (!m) throw invalid(`Invalid filter '${raw}': expected dimension:value or !dimension:value`);
    const [, prefix = '', dim = '', value = ''] = m;
    if (!KNOWN_DIMENSIONS.has(dim)) throw invalid(`Invalid filter '${raw}': unknown dimension '${dim}'`);
    if (TRACE_DIMENSIONS.has(dim)) {
      if (prefix === '+' || prefix === '-')
        return { dim, negate: false, op: prefix === '+' ? 'contains' : 'omits', value };
      const bracket = /^\[(.*)\]$/s.exec(value);
      if (!bracket) {
        throw new ApiError(400, {
          error: `Sequence dimensions require bracket notation. Use ${dim}:[value] for an exact trace, +${dim}:value to include or -${dim}:value to exclude.`,
        });
      }
      const trace = bracket[1] === '' ? [] : bracket[1]!.split(',').map((s) => s.trim());
      return { dim, negate: prefix === '!', op: 'exact', value, trace };
    }
    if (prefix === '+' || prefix === '-')
      throw invalid(`Invalid filter '${raw}': +/- prefixes only apply to trace dimensions`);
    return { dim, negate: prefix === '!', op: 'eq', value };
  });
}

/** Validates syntax and metric ids; the fake does not apply metric filter semantics (documented limitation). */
export function parseMetricFilters(q: URLSearchParams): string[] {
  const raw = arrayParam(q, 'metric_filters');
  for (const clause of raw) {
    const m = /^([a-z0-9_]+)(>=|<=|!=|=|>|<)(-?\d+(?:\.\d+)?)$/.exec(clause);
    if (!m)
      throw invalid(
        `Invalid metric filter '${clause}': expected metric_id<op>number, e.g. aggregate_startup_time>=1000`,
      );
    if (!METRICS.has(m[1]!)) throw invalid(`Invalid metric filter '${clause}': unknown metric '${m[1]}'`);
    if (NON_FILTERABLE_METRICS.has(m[1]!))
      throw invalid(`Invalid metric filter '${clause}': ${m[1]} cannot be used as a metric filter`);
  }
  return raw;
}

export function parseMeasurement(q: URLSearchParams, metric: string): Measurement {
  const raw = q.get('measurement');
  if (raw === null || raw === '') return METRICS.get(metric)?.defaultMeasurement ?? 'avg';
  if (!(MEASUREMENTS as readonly string[]).includes(raw)) {
    throw invalid(`Invalid measurement '${raw}': must be one of ${MEASUREMENTS.join(', ')}`);
  }
  return raw as Measurement;
}

export function parseEnum<T extends string>(q: URLSearchParams, name: string, allowed: readonly T[], fallback: T): T;
export function parseEnum<T extends string>(q: URLSearchParams, name: string, allowed: readonly T[]): T | undefined;
export function parseEnum<T extends string>(
  q: URLSearchParams,
  name: string,
  allowed: readonly T[],
  fallback?: T,
): T | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw))
    throw invalid(`Invalid ${name} '${raw}': must be one of ${allowed.join(', ')}`);
  return raw as T;
}

export function parsePaging(q: URLSearchParams, defaultLimit = 25, maxLimit = 1000): { page: number; limit: number } {
  const int = (name: string, fallback: number, max: number) => {
    const raw = q.get(name);
    if (raw === null || raw === '') return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max)
      throw invalid(`Invalid ${name} '${raw}': must be an integer between 1 and ${max}`);
    return Number(raw);
  };
  return { page: int('page', 1, 1_000_000), limit: int('limit', defaultLimit, maxLimit) };
}

export function requireDimension(
  dim: string | null,
  param: string,
  allowed: ReadonlySet<string> = KNOWN_DIMENSIONS,
): string {
  if (dim === null || dim === '') throw invalid(`${param} is required`);
  if (!allowed.has(dim)) throw invalid(`Invalid ${param} '${dim}': unknown dimension`);
  return dim;
}

export function requireMetric(id: string): string {
  if (!METRICS.has(id)) throw invalid(`Invalid metric '${id}': unknown metric id`);
  return id;
}

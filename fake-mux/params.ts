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

export const RETENTION_DAYS = 100;
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

export function parseTimeframe(q: URLSearchParams, nowSec: number, defaultWindow = 86_400): Timeframe {
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
  const oldest = nowSec - RETENTION_DAYS * 86_400;
  if (tf[0] < oldest) {
    throw invalid(
      `Timeframe start ${new Date(tf[0] * 1000).toISOString()} is outside the ${RETENTION_DAYS}-day data retention window (oldest allowed: ${new Date(oldest * 1000).toISOString()})`,
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

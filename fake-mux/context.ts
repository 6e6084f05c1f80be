/** What a route handler gets: the parsed request, the universe, the fake's clock and the base URL. */
import type { AnnotationStore } from './annotations.js';
import type { FilterClause, Retention } from './params.js';
import type { Universe } from './universe.js';

export interface Ctx {
  universe: Universe;
  seed: number;
  /** The fake's "now" in epoch seconds (views, incidents, exports and retention are anchored on it). */
  nowSec: number;
  /** How long the fake keeps data and what it answers for older timeframes (params.ts `Retention`). */
  retention: Retention;
  /** `GET`, `POST`, `PATCH`, `DELETE`… */
  method: string;
  query: URLSearchParams;
  /** Path segments after `/data/v1/`. */
  segments: string[];
  /** Parsed JSON request body (POST/PATCH), undefined otherwise. */
  body: unknown;
  baseUrl: string;
  /** This fake instance's annotations (the only state clients can change). */
  annotations: AnnotationStore;
}

export interface Envelope {
  data: unknown;
  total_row_count: number | null;
  timeframe: [number, number];
  meta?: Record<string, unknown>;
}

export const envelope = (
  data: unknown,
  total_row_count: number | null,
  timeframe: [number, number],
  meta?: Record<string, unknown>,
): Envelope => (meta ? { data, total_row_count, timeframe, meta } : { data, total_row_count, timeframe });

/** Cohort mask for filters: same dimension = OR, different dimensions and negations = AND. */
export function buildMask(universe: Universe, filters: FilterClause[]): Uint8Array {
  const mask = new Uint8Array(universe.cohorts.length);
  const positives = new Map<string, Set<string>>();
  for (const f of filters) {
    if (f.op === 'eq' && !f.negate) {
      const set = positives.get(f.dim) ?? new Set<string>();
      set.add(f.value);
      positives.set(f.dim, set);
    }
  }
  for (const c of universe.cohorts) {
    let ok = true;
    for (const [dim, values] of positives) if (!values.has(universe.valueOf(c, dim))) ok = false;
    for (const f of filters) {
      if (!ok) break;
      if (f.op === 'eq' && f.negate) ok = universe.valueOf(c, f.dim) !== f.value;
      else if (f.op === 'contains') ok = c.trace.includes(f.value);
      else if (f.op === 'omits') ok = !c.trace.includes(f.value);
      else if (f.op === 'exact') {
        const same = f.trace!.length === c.trace.length && f.trace!.every((x, i) => x === c.trace[i]);
        ok = f.negate ? !same : same;
      }
    }
    mask[c.index] = ok ? 1 : 0;
  }
  return mask;
}

/** Mux prints second-precision UTC timestamps without milliseconds ("2021-01-07T14:00:00Z"). */
export const iso = (epochSec: number): string => new Date(epochSec * 1000).toISOString().replace('.000Z', 'Z');

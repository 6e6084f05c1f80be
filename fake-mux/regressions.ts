/**
 * Planted causes (issue 14): a known change of one metric for the views of one segment (`dimension = value`) inside
 * a time window, so tests can assert that the report's "what changed and why" names them.
 *
 * A regression is applied where the universe derives a cohort's hourly cell (universe.ts `hourCells`), never in a
 * route: every endpoint that reads the cells (overall, breakdown, comparison, timeseries, insights, errors, video
 * views, dimension values, exports) sees the same change, the invariants (overall == Σ breakdown == Σ timeseries
 * views) still hold, and it costs nothing on the unaffected cells. Hours outside the window are untouched.
 *
 * Grammar (CLI `--regression`, or a string in `startFakeMux({ regressions })`):
 *   <dimension>:<value>:<metric>:<change>[@<start>..<end>]
 * e.g. `browser:Safari:video_startup_time:+400`, `country:BR:rebuffer_percentage:+0.02`,
 * `country:IN:views:+50%@2026-11-23T00:00:00Z..2026-11-30T00:00:00Z`. See fake-mux/README.md for what each metric does.
 */
import { z } from 'zod';
import { closest } from '../functions/commons/config/closest.js';
import { KNOWN_DIMENSIONS, METRICS } from './catalog.js';
import type { Cohort } from './universe.js';

/** What one cohort-hour cell gets; the neutral effect is `{ views: 1, everything else 0 }`. */
export interface CellEffect {
  /** Multiplier of the cell's expected views (a mix shift: rates stay as they were). */
  views: number;
  /** Milliseconds added to the startup time of every view. */
  startupMs: number;
  /** Added to the rebuffer factor (rebuffer_percentage = REBUFFER_PER_FACTOR × factor, metrics.ts). */
  rebufferFactor: number;
  /** Fraction points added to the failure rate (failed views, /errors, video views with error_id). */
  failureRate: number;
  /** Fraction points added to the exit-before-video-start rate. */
  exitRate: number;
  /** Added to the video-quality factor (upscale_percentage = UPSCALE_PER_FACTOR × factor, metrics.ts). */
  qualityFactor: number;
  /** Viewer experience score points (the sub-scores move by this / playback success, metrics.ts `vesShift`). */
  score: number;
}

export const neutralEffect = (): CellEffect => ({
  views: 1,
  startupMs: 0,
  rebufferFactor: 0,
  failureRate: 0,
  exitRate: 0,
  qualityFactor: 0,
  score: 0,
});

/** metrics.ts: rebuffer_percentage = 0.0065 × the rebuffer factor, upscale_percentage = 0.021 × the quality factor. */
export const REBUFFER_PER_FACTOR = 0.0065;
export const UPSCALE_PER_FACTOR = 0.021;

interface Plantable {
  /** How the change reads, for --help and errors. */
  unit: string;
  example: string;
  /** `%` changes (views); every other metric takes an absolute change in its own unit. */
  relative: boolean;
  /** Largest |change| accepted (views: -99%..+1000%). */
  limit: number;
  apply(e: CellEffect, change: number): void;
}

/** An additive effect: the change in the metric's unit, over the metric's value per unit of the field. */
const add =
  (field: Exclude<keyof CellEffect, 'views'>, metricPerUnit = 1) =>
  (e: CellEffect, change: number) => {
    e[field] += change / metricPerUnit;
  };

const PLANTABLE = {
  video_startup_time: {
    unit: 'ms added to each view’s startup time (median, 95th, mean)',
    example: '+400',
    relative: false,
    limit: 60_000,
    apply: add('startupMs'),
  },
  rebuffer_percentage: {
    unit: 'fraction points (+0.02 = 2 percentage points)',
    example: '+0.02',
    relative: false,
    limit: 1,
    apply: add('rebufferFactor', REBUFFER_PER_FACTOR),
  },
  playback_failure_percentage: {
    unit: 'fraction points (failed views, /errors)',
    example: '+0.05',
    relative: false,
    limit: 1,
    apply: add('failureRate'),
  },
  exits_before_video_start: {
    unit: 'fraction points',
    example: '+0.03',
    relative: false,
    limit: 1,
    apply: add('exitRate'),
  },
  upscale_percentage: {
    unit: 'fraction points',
    example: '+0.01',
    relative: false,
    limit: 1,
    apply: add('qualityFactor', UPSCALE_PER_FACTOR),
  },
  viewer_experience_score: {
    unit: 'score points on 0..1 (sub-scores follow)',
    example: '-0.1',
    relative: false,
    limit: 1,
    apply: add('score'),
  },
  views: {
    unit: 'relative change of the segment’s views (mix shift)',
    example: '+50%',
    relative: true,
    limit: 1000,
    apply: (e, x) => {
      e.views *= 1 + x;
    },
  },
} satisfies Record<string, Plantable>;

export type PlantableMetric = keyof typeof PLANTABLE;
export const PLANTABLE_METRICS = Object.keys(PLANTABLE) as PlantableMetric[];

export interface Regression {
  dimension: string;
  value: string;
  metric: PlantableMetric;
  /** In the metric's unit; for `views` the relative change as a fraction (+50% → 0.5). */
  change: number;
  /** [start, end) in epoch seconds, whole UTC hours. */
  window: [number, number];
}

/** The programmatic form. `change` is a string in the CLI grammar ('+400', '+50%') or a number in the metric's
 * unit (for `views` a fraction: 0.5 = +50%). `window` defaults to the last full ISO week before the fake's `now`. */
export interface RegressionInput {
  dimension: string;
  value: string;
  metric: string;
  change: number | string;
  window?: [number, number];
}

export type RegressionOption = string | RegressionInput;

export class RegressionError extends Error {}

export const REGRESSION_GRAMMAR = '<dimension>:<value>:<metric>:<change>[@<start>..<end>]';

/** Lines for the CLI's --help: one per plantable metric. */
export const PLANTABLE_HELP = PLANTABLE_METRICS.map(
  (m) => `${m}:${PLANTABLE[m].example}`.padEnd(36) + PLANTABLE[m].unit,
);

/**
 * The demo's one planted cause (cli/run.ts), in the default window: the last full week, the demo's report period.
 * Mobile Safari (~25% of views) rather than desktop Safari (~5%): the org-wide weekly swing of startup time is up to
 * ±15% (~±180 ms, universe.ts weekFactors), which buries +400 ms × 5% = +20 ms. Measured over 30 weeks (seed 42),
 * the planted browser is the largest contributor (view share × its change) to the week's median startup change in
 * 24 weeks for Mobile Safari and in 6 for Safari.
 */
export const DEMO_REGRESSIONS: readonly RegressionOption[] = ['browser:Mobile Safari:video_startup_time:+400'];

const HOUR = 3600;
const WEEK = 7 * 86_400;

/** Monday 00:00 UTC → Monday 00:00 UTC, the last full ISO week ending at or before `nowSec`. */
export function lastFullIsoWeek(nowSec: number): [number, number] {
  const day = Math.floor(nowSec / 86_400);
  // Epoch day 0 (1970-01-01) was a Thursday: +3 makes Monday 0.
  const end = (day - ((day + 3) % 7)) * 86_400;
  return [end - WEEK, end];
}

function checkDimension(dimension: string): string {
  if (KNOWN_DIMENSIONS.has(dimension)) return dimension;
  const hint = closest(dimension, [...KNOWN_DIMENSIONS]);
  throw new RegressionError(`unknown dimension '${dimension}'${hint ? ` (did you mean '${hint}'?)` : ''}`);
}

function checkMetric(metric: string): PlantableMetric {
  if (metric in PLANTABLE) return metric as PlantableMetric;
  if (METRICS.has(metric))
    throw new RegressionError(`metric '${metric}' cannot be planted; plantable: ${PLANTABLE_METRICS.join(', ')}`);
  const hint = closest(metric, PLANTABLE_METRICS);
  throw new RegressionError(
    `unknown metric '${metric}'${hint ? ` (did you mean '${hint}'?)` : ''}; plantable: ${PLANTABLE_METRICS.join(', ')}`,
  );
}

function checkChange(metric: PlantableMetric, change: number, shown: string): number {
  const p: Plantable = PLANTABLE[metric];
  if (!Number.isFinite(change)) throw new RegressionError(`change '${shown}' is not a finite number`);
  if (change === 0) throw new RegressionError(`change '${shown}' is zero: it would plant nothing`);
  const limit = p.relative ? p.limit / 100 : p.limit;
  const min = p.relative ? -0.99 : -limit;
  if (change < min || change > limit) {
    const range = p.relative ? '-99%..+1000%' : `-${limit}..+${limit}`;
    throw new RegressionError(`change '${shown}' for ${metric} is out of range ${range} (${p.unit})`);
  }
  return change;
}

/** '+400', '-0.1', '+50%': an explicit sign, a decimal number, and '%' exactly for relative metrics. */
function parseChange(metric: PlantableMetric, raw: string): number {
  const p: Plantable = PLANTABLE[metric];
  const m = /^([+-])(\d+(?:\.\d+)?|\.\d+)(%?)$/.exec(raw);
  if (!m) {
    const hint = /^\d|^\.\d/.test(raw) ? `an explicit sign ('+${raw}' or '-${raw}')` : `a signed number`;
    throw new RegressionError(`change '${raw}' needs ${hint}, e.g. '${p.example}' (${p.unit})`);
  }
  if (p.relative && m[3] !== '%')
    throw new RegressionError(`${metric} takes a relative change with '%', e.g. '${p.example}', got '${raw}'`);
  if (!p.relative && m[3] === '%')
    throw new RegressionError(`${metric} takes an absolute change in ${p.unit}, e.g. '${p.example}', not '${raw}'`);
  const n = Number(`${m[1]}${m[2]}`);
  return checkChange(metric, p.relative ? n / 100 : n, raw);
}

function checkWindow(window: [number, number], shown: string): [number, number] {
  const [start, end] = window;
  if (!Number.isInteger(start) || !Number.isInteger(end))
    throw new RegressionError(`window ${shown} must be whole epoch seconds`);
  if (start % HOUR !== 0 || end % HOUR !== 0)
    throw new RegressionError(`window ${shown} must start and end on whole UTC hours (the fake's cells are hourly)`);
  if (end <= start) throw new RegressionError(`window ${shown} must end after it starts`);
  return [start, end];
}

/** An instant with its offset, or a bare date (UTC midnight, as Date.parse reads it). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

function parseWindow(raw: string): [number, number] {
  const parts = raw.split('..');
  const instants = parts.map((p) => (ISO_INSTANT.test(p) ? Date.parse(p) : Number.NaN));
  if (parts.length !== 2 || instants.some((t) => Number.isNaN(t)))
    throw new RegressionError(
      `window '@${raw}' must look like @<ISO instant>..<ISO instant>, e.g. @2026-11-23T00:00:00Z..2026-11-30T00:00:00Z`,
    );
  return checkWindow([instants[0]! / 1000, instants[1]! / 1000], `'@${raw}'`);
}

/** A regression spec string → its parts, checked (dimension, metric, change, window); the window may be left open. */
export function parseRegression(spec: string): RegressionInput & { metric: PlantableMetric; change: number } {
  const fail = (why: string): never => {
    throw new RegressionError(`regression '${spec}': ${why}`);
  };
  // The window's ISO instants contain ':', so split it off first: after the last '@', when it holds '..'.
  const at = spec.lastIndexOf('@');
  const hasWindow = at >= 0 && spec.slice(at + 1).includes('..');
  const head = hasWindow ? spec.slice(0, at) : spec;
  const first = head.indexOf(':');
  const last = head.lastIndexOf(':');
  const beforeLast = head.lastIndexOf(':', last - 1);
  if (first < 0 || beforeLast <= first)
    fail(`must look like ${REGRESSION_GRAMMAR}, e.g. browser:Safari:video_startup_time:+400`);
  // The value is what lies between the dimension and the metric: it may itself contain ':'.
  const value = head.slice(first + 1, beforeLast);
  if (value === '') fail('the value is empty');
  try {
    const dimension = checkDimension(head.slice(0, first));
    const metric = checkMetric(head.slice(beforeLast + 1, last));
    return {
      dimension,
      value,
      metric,
      change: parseChange(metric, head.slice(last + 1)),
      ...(hasWindow ? { window: parseWindow(spec.slice(at + 1)) } : {}),
    };
  } catch (err) {
    if (err instanceof RegressionError) return fail(err.message);
    throw err;
  }
}

const inputSchema = z.strictObject({
  dimension: z.string().min(1),
  value: z.string().min(1),
  metric: z.string().min(1),
  change: z.union([z.number(), z.string()]),
  window: z.tuple([z.number(), z.number()]).optional(),
});

function resolveOne(option: unknown, index: number, nowSec: number): Regression {
  const where = `regressions[${index}]`;
  if (typeof option === 'string') {
    const r = parseRegression(option);
    return { ...r, window: r.window ?? lastFullIsoWeek(nowSec) };
  }
  const parsed = inputSchema.safeParse(option);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    throw new RegressionError(`${where}${path}: ${issue.message}`);
  }
  const o = parsed.data;
  try {
    const dimension = checkDimension(o.dimension);
    const metric = checkMetric(o.metric);
    return {
      dimension,
      value: o.value,
      metric,
      change:
        typeof o.change === 'string' ? parseChange(metric, o.change) : checkChange(metric, o.change, String(o.change)),
      window: o.window ? checkWindow(o.window, `[${o.window.join(', ')}]`) : lastFullIsoWeek(nowSec),
    };
  } catch (err) {
    if (err instanceof RegressionError) throw new RegressionError(`${where}: ${err.message}`);
    throw err;
  }
}

/** Validates the `regressions` option (strings or objects) and fills in the default window from `nowSec`. */
export function resolveRegressions(options: readonly unknown[], nowSec: number): Regression[] {
  return options.map((o, i) => resolveOne(o, i, nowSec));
}

/** The regression in the CLI grammar (without its window). */
export function describeRegression(r: Regression): string {
  const relative = PLANTABLE[r.metric].relative;
  const n = relative ? Math.round(r.change * 1e6) / 1e4 : r.change;
  return `${r.dimension}:${r.value}:${r.metric}:${n > 0 ? '+' : ''}${n}${relative ? '%' : ''}`;
}

interface Planted {
  start: number;
  end: number;
  regression: Regression;
}

/** The regressions matched to cohorts once, so a cell asks only for its own (usually empty) list. */
export class PlantedEffects {
  private readonly byCohort: Planted[][];

  constructor(cohorts: readonly Cohort[], valueFor: (c: Cohort, dim: string) => string, regressions: Regression[]) {
    this.byCohort = cohorts.map(() => []);
    for (const r of regressions) {
      const hit = cohorts.filter((c) => valueFor(c, r.dimension) === r.value);
      if (hit.length === 0) {
        const values = [...new Set(cohorts.map((c) => valueFor(c, r.dimension)))].filter((v) => v !== '').sort();
        const known =
          values.length === 0
            ? `${r.dimension} is not modelled: every view has ''`
            : `${r.dimension} values: ${values.join(', ')}`;
        throw new RegressionError(`regression '${describeRegression(r)}' matches no view of the fake (${known})`);
      }
      for (const c of hit) this.byCohort[c.index]!.push({ start: r.window[0], end: r.window[1], regression: r });
    }
  }

  /** The combined effect on one cohort's cell of the hour starting at `hourStart`, or null when none is planted. */
  at(cohort: number, hourStart: number): CellEffect | null {
    const list = this.byCohort[cohort]!;
    if (list.length === 0) return null;
    let e: CellEffect | null = null;
    for (const p of list) {
      if (hourStart < p.start || hourStart >= p.end) continue;
      e ??= neutralEffect();
      PLANTABLE[p.regression.metric].apply(e, p.regression.change);
    }
    return e;
  }
}

/**
 * What a section is: one folder under functions/commons/sections/<id>/ holding its snapshot part (schema.ts), its
 * collection plan (collect.ts), its view-model (view.ts), its plain-text rendering (text.ts), its MJML partial
 * (template.mjml, found by scripts/build-templates.ts) and its sample data (sample.ts, for tests and the bench
 * only), bound together by index.ts as a `SectionModule`.
 * registry.ts maps every id of catalog/sections.ts to its module and runs them (disabled / unavailable / ok).
 */
import type { z } from 'zod';
import type { Measurement } from '../catalog/metrics.js';
import type { SectionId } from '../catalog/sections.js';
import type { EnvironmentConfig, ReportConfig } from '../config/schema.js';
import type { OverallValues } from '../mux/index.js';
import type { PeriodJson } from '../snapshot/parts.js';
import type { SnapshotArchive } from './archive.js';
import type { ReportSource, Span } from './source.js';
import type { TextOut } from './text-kit.js';

export type Which = 'current' | 'previous';

export interface Totals {
  views: number | null;
  uniqueViewers: number | null;
  watchTime: number | null;
}

/**
 * What the engine fetched once for every section: the two scorecards (`/metrics/comparison`) and the `overall`
 * endpoint, memoised so that no metric/period is asked twice whichever sections ask.
 */
export interface Scorecards {
  /** `metric:measurement` in a period: the scorecard's value, else the overall endpoint's; null when Mux refused the period. */
  value(which: Which, metric: string, measurement: Measurement | null): Promise<number | null>;
  /** The scorecard's own value at the metric's default measurement, without any call. */
  scorecardValue(which: Which, metric: string): number | null | undefined;
  /** The overall endpoint for the current period (its `global_value` is the Mux benchmark); null when it failed. */
  overall(metric: string, measurement: Measurement | null): Promise<OverallValues | null>;
  /** Views, unique viewers and watch time of both periods. */
  totals: Readonly<Record<Which, Totals>>;
}

export interface SectionContext {
  /** Mux, with every call recorded under this section for the snapshot's `coverage`. */
  source: ReportSource;
  report: ReportConfig;
  environment: EnvironmentConfig;
  /** The local periods: labels, cadence, time zone, and the incident window (incidents have no timeframe). */
  period: PeriodJson;
  previousPeriod: PeriodJson;
  /** The timeframes sent to Mux for them (aligned to its rounding, period/timeframe.ts). */
  span: Span;
  previousSpan: Span;
  scorecards: Scorecards;
  /** The report's own archived snapshots (read-only, for the history section); null when no archive is configured. */
  archive?: SnapshotArchive | null;
}

/** A section's own fields in the snapshot: its part without `status` and `reason`. */
export type SectionData<S extends z.ZodObject> = Omit<z.output<S>, 'status' | 'reason'>;

export interface Collected<D> {
  data: D;
  /** Shown although partly missing: what is missing, in one line (it becomes the part's `reason`). */
  partial?: string | null;
}

/** What a section's view needs besides its part. */
export interface ViewContext {
  /** The report's IANA zone: instants are shown on its wall clock. */
  timeZone: string;
}

/** What a section's text needs from the report's view-model. */
export interface TextContext {
  /** "vs week of 9 Nov 2026". */
  comparedWith: string;
  /** "week of 9 Nov 2026". */
  previousPeriod: string;
}

export interface SectionModule<K extends SectionId = SectionId, S extends z.ZodObject = z.ZodObject, VM = unknown> {
  id: K;
  /** Plural noun of the one-line reasons: "Mux answered 500 … for failed views". */
  noun: string;
  /** The snapshot part (`sectionPart` of snapshot/parts.ts): status, reason, then the section's fields. */
  schema: S;
  /**
   * Read from the scorecards the engine fetched (scores, volume, key metrics): never `unavailable` (a failure
   * fails the whole report, the scorecard being its core) and covered by the scorecard's timeframe.
   */
  core?: boolean;
  /** Why the section is off although switched on (e.g. `topN.failedViews` is 0); null when it runs. */
  disabledBy?(report: ReportConfig): string | null;
  /** Why the section is left out of this run although switched on (e.g. no archive to read history from). */
  disabledIn?(ctx: SectionContext): string | null;
  /** The section's fields when it is disabled or unavailable. */
  empty(ctx: SectionContext): SectionData<S>;
  /** The Mux calls of the section and what it keeps of them; throws when Mux cannot give it. */
  collect(ctx: SectionContext): Promise<Collected<SectionData<S>>>;
  /** Also in the email when the period has no views (an empty period hides the other sections). */
  shownWithoutViews?: boolean;
  /** The part → what the template (template.mjml, as `s`) and the text show, all display strings. */
  view(part: z.output<S>, ctx: ViewContext): VM;
  /** The section in the plain-text part. */
  text(vm: VM, out: TextOut, ctx: TextContext): void;
}

/** Identity, for the types: `export const section = defineSection({ … })`. */
export function defineSection<K extends SectionId, S extends z.ZodObject, VM>(
  module: SectionModule<K, S, VM>,
): SectionModule<K, S, VM> {
  return module;
}

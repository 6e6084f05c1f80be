/**
 * What the numbers of a report cover, recorded while collecting: the span each section asked Mux for (the local
 * period aligned by period/timeframe.ts) and the `timeframe` Mux answered with, then summarised for the snapshot's
 * `coverage` (why it differs from the local period, whether the period is partial).
 */
import { SECTION_IDS, type SectionId } from '../catalog/sections.js';
import { alignSpans, type RoundingClass, type Span, sameSpan } from '../period/timeframe.js';
import type { ReportSource, SourceResult } from '../sections/source.js';
import type { Coverage, CoverageCause, PeriodJson, SpanJson } from './snapshot-schema.js';

/**
 * Mux counts a view once it ends, and a view stays open up to an hour after playback stops (it is finalised after
 * 60 minutes of inactivity, understand-metric-definitions): a span that ended less than this before the report was
 * generated is still missing views.
 */
export const VIEW_SETTLE_S = 3600;

export interface RequestPlan {
  rounding: RoundingClass;
  current: Span;
  previous: Span;
}

/** The spans to send for the period and the one it is compared with (one rounding class for both). */
export function planRequest(period: Span, previous: Span): RequestPlan {
  const { rounding, spans } = alignSpans([period, previous]);
  return { rounding, current: spans[0]!, previous: spans[1]! };
}

export function spanJson(s: Span): SpanJson {
  return {
    start: new Date(s.startEpoch * 1000).toISOString(),
    end: new Date(s.endEpoch * 1000).toISOString(),
    startEpoch: s.startEpoch,
    endEpoch: s.endEpoch,
  };
}

const echoOf = (r: SourceResult): Span | null =>
  r.timeframe ? { startEpoch: r.timeframe[0], endEpoch: r.timeframe[1] } : null;

/** The span every echo covers (their intersection), deterministic whatever order the answers came in. */
function intersect(echoes: readonly Span[]): Span | null {
  if (echoes.length === 0) return null;
  return {
    startEpoch: Math.max(...echoes.map((e) => e.startEpoch)),
    endEpoch: Math.min(...echoes.map((e) => e.endEpoch)),
  };
}

/** Recording keys: the sections, plus `core` (the scorecard calls behind the core sections: scores, volume…). */
export type TimeframeKey = SectionId | 'core';

interface Log {
  sent: Span | null;
  echoes: Span[];
}

export class TimeframeLog {
  private readonly logs = new Map<TimeframeKey, { current: Log; previous: Log }>();

  constructor(readonly plan: RequestPlan) {}

  private log(key: TimeframeKey) {
    let l = this.logs.get(key);
    if (!l) {
      l = { current: { sent: null, echoes: [] }, previous: { sent: null, echoes: [] } };
      this.logs.set(key, l);
    }
    return l;
  }

  private record(key: TimeframeKey, span: Span, result: SourceResult | null): void {
    const which = sameSpan(span, this.plan.previous) && !sameSpan(span, this.plan.current) ? 'previous' : 'current';
    const l = this.log(key)[which];
    l.sent = span;
    const echo = result ? echoOf(result) : null;
    if (echo) l.echoes.push(echo);
  }

  /** `source`, with every call that carries a span recorded under `key` (the answer's echo; the span if it failed). */
  sourceFor(source: ReportSource, key: TimeframeKey): ReportSource {
    const rec = async <R extends SourceResult>(span: Span, call: Promise<R>): Promise<R> => {
      try {
        const r = await call;
        this.record(key, span, r);
        return r;
      } catch (err) {
        this.record(key, span, null);
        throw err;
      }
    };
    return {
      comparison: (span) => rec(span, source.comparison(span)),
      overall: (metric, span, measurement) => rec(span, source.overall(metric, span, measurement)),
      insights: (metric, span) => rec(span, source.insights(metric, span)),
      breakdown: (metric, span, o) => rec(span, source.breakdown(metric, span, o)),
      timeseries: (metric, span, groupBy) => rec(span, source.timeseries(metric, span, groupBy)),
      incidents: (o) => source.incidents(o),
      relatedIncidents: (id, o) => source.relatedIncidents(id, o),
      errors: (span) => rec(span, source.errors(span)),
      annotations: (span, o) => rec(span, source.annotations(span, o)),
      failedViews: (span, o) => rec(span, source.failedViews(span, o)),
      stats: () => source.stats(),
    };
  }

  /** Sent / effective of the current (or previous) period for a key. */
  spans(key: TimeframeKey, which: 'current' | 'previous' = 'current'): { sent: Span | null; effective: Span | null } {
    const l = this.logs.get(key)?.[which];
    return { sent: l?.sent ?? null, effective: intersect(l?.echoes ?? []) };
  }
}

function causeOf(requested: Span, sent: Span, effective: Span | null): CoverageCause {
  const covered = effective ?? sent;
  if (sameSpan(covered, requested)) return 'none';
  if (effective && !sameSpan(effective, sent)) {
    return effective.startEpoch > sent.startEpoch && effective.endEpoch === sent.endEpoch ? 'retention' : 'mux';
  }
  return 'rounding';
}

function periodCoverage(requested: Span, sent: Span, effective: Span | null, refused: string | null) {
  return {
    requested: spanJson(requested),
    sent: spanJson(sent),
    effective: effective ? spanJson(effective) : null,
    covered: spanJson(effective ?? sent),
    cause: causeOf(requested, sent, effective),
    refused,
  };
}

export function buildCoverage(opts: {
  log: TimeframeLog;
  period: PeriodJson;
  previousPeriod: PeriodJson;
  /** Mux's message when it refused the previous period's scorecard. */
  previousRefused: string | null;
  /** Where a section's calls were recorded; null for a section that did not run (it sent nothing). */
  keyOf: (id: SectionId) => TimeframeKey | null;
  generatedAtMs: number;
}): Coverage {
  const { log, period, previousPeriod } = opts;
  const core = log.spans('core');
  const corePrev = log.spans('core', 'previous');
  const current = periodCoverage(period, log.plan.current, core.effective, null);
  const previous = periodCoverage(previousPeriod, log.plan.previous, corePrev.effective, opts.previousRefused);
  const requested = spanJson(period);
  const sections = Object.fromEntries(
    SECTION_IDS.map((id) => {
      // A disabled section sent nothing, even when the scorecard calls it would have shared were made.
      const key = opts.keyOf(id);
      const { sent, effective } = key === null ? { sent: null, effective: null } : log.spans(key);
      return [id, { requested, sent: sent && spanJson(sent), effective: effective && spanJson(effective) }];
    }),
  ) as Coverage['sections'];
  return {
    rounding: log.plan.rounding,
    period: current,
    previousPeriod: previous,
    partial: opts.generatedAtMs < (current.covered.endEpoch + VIEW_SETTLE_S) * 1000,
    sections,
  };
}

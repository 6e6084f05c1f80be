/**
 * Causes: plans the breakdowns (plan.ts), decomposes each metric's change over each dimension (decompose.ts), names
 * the causes (select.ts) with their dashboard link and the incidents that match them, and lists the period's
 * annotations. The annotations and incident pages are the same (memoised) calls as the trend's and the incidents'.
 */
import { DEFAULT_KEY_METRICS, parseMetricRef } from '../../catalog/metrics.js';
import { dimensionLabel } from '../../format/humanize.js';
import { formatDeltaAbsolute, isNum } from '../../format/index.js';
import { type BreakdownValue, type Incident as IncidentRaw, type MuxEnvelope, paginate } from '../../mux/index.js';
import { verdictFor } from '../../snapshot/metric-value.js';
import { BREAKDOWN_METRIC } from '../breakdowns/collect.js';
import { int, str } from '../coerce.js';
import { classifyIncident } from '../incidents/classify.js';
import { INCIDENT_MAX_PAGES, INCIDENT_PAGE_LIMIT } from '../incidents/collect.js';
import { INSIGHT_METRIC_COUNT, rankForInsights, subScores } from '../insights/collect.js';
import { incidentUrl, segmentUrl } from '../links.js';
import { unavailableReason } from '../reason.js';
import type { Collected, SectionContext, SectionData } from '../section.js';
import type { Span } from '../source.js';
import { periodAnnotations } from './annotations.js';
import { type Decomposition, decompose, type Side } from './decompose.js';
import {
  byStrength,
  CAUSES_MAX_CALLS,
  type Candidate,
  defOf,
  HEADLINE_METRIC,
  isAdditive,
  planPairs,
  subScoreOf,
  tolerance,
} from './plan.js';
import type { Cause, causesPartSchema, MetricCauses } from './schema.js';
import { rankCauses } from './select.js';
import { causeText, comparedWord, metricSentence } from './words.js';

type Data = SectionData<typeof causesPartSchema>;

export const OWN_BREAKDOWN_LIMIT = 100;

async function candidates(ctx: SectionContext): Promise<Candidate[]> {
  const refs = [BREAKDOWN_METRIC, ...(ctx.report.keyMetrics ?? DEFAULT_KEY_METRICS)];
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const ref of refs) {
    const { metric, measurement: m } = parseMetricRef(ref);
    const def = defOf(metric);
    const measurement = def.unit === 'score' ? null : m;
    const key = `${metric}:${measurement ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const [value, previous] = await Promise.all([
      ctx.scorecards.value('current', metric, measurement),
      ctx.scorecards.value('previous', metric, measurement),
    ]);
    const verdict = verdictFor(def, value, previous);
    if (!isNum(value) || !isNum(previous) || (verdict !== 'worse' && verdict !== 'better')) continue;
    const tol = tolerance(def, previous);
    out.push({
      metric,
      measurement,
      def,
      value,
      previous,
      verdict,
      strength: tol > 0 ? Math.abs(value - previous) / tol : Number.MAX_SAFE_INTEGER,
      additive: isAdditive(measurement, def),
    });
  }
  // The headline score first (plan.ts), then by strength.
  return out.sort(
    (a, b) => Number(b.metric === HEADLINE_METRIC) - Number(a.metric === HEADLINE_METRIC) || byStrength(a, b),
  );
}

/** The sub-scores the insights section fetches insights for (the same ranking, so the calls are shared). */
async function insightSubScores(ctx: SectionContext): Promise<Set<string>> {
  if (!ctx.report.sections.insights) return new Set();
  return new Set(rankForInsights(await subScores(ctx)).slice(0, INSIGHT_METRIC_COUNT));
}

/** The dimensions of the metric's sub-score insights, most negative impact first (at most one: the first tried). */
async function insightDimensions(ctx: SectionContext, metric: string): Promise<string[]> {
  const sub = subScoreOf(metric);
  if (sub === null) return [];
  try {
    const res = await ctx.source.insights(sub, ctx.span);
    const top = res.data.find((r) => r.filter_column && int(r.total_views) >= Math.max(1, ctx.report.minViews));
    return top ? [top.filter_column] : [];
  } catch {
    // The insights section says why insights failed; here they only order the dimensions.
    return [];
  }
}

function sideOf(res: MuxEnvelope<BreakdownValue[]>, limit: number, value: number, views: number | null): Side {
  const rows = res.data.map((r) => ({
    field: r.field ?? null,
    value: isNum(r.value) ? r.value : null,
    views: int(r.views),
  }));
  const complete = res.totalRowCount !== null ? res.totalRowCount <= rows.length : rows.length < limit;
  const sum = rows.reduce((s, r) => s + r.views, 0);
  return { rows, complete, value, views: isNum(views) ? views : sum };
}

/** The period's incidents (the incidents section's pages, memoised), for matching against the causes. */
async function incidentsOf(ctx: SectionContext): Promise<IncidentRaw[]> {
  const { items } = await paginate((page, limit) => ctx.source.incidents({ page, limit }), {
    limit: INCIDENT_PAGE_LIMIT,
    maxPages: INCIDENT_MAX_PAGES,
  });
  return items.filter((raw) => classifyIncident(raw, ctx.period) !== null);
}

const settle = <T>(p: Promise<T>): Promise<{ ok: T } | { err: unknown }> =>
  p.then(
    (ok) => ({ ok }),
    (err: unknown) => ({ err }),
  );

export async function collectCauses(ctx: SectionContext): Promise<Collected<Data>> {
  const word = comparedWord(ctx.period.cadence);
  const list = await candidates(ctx);
  const breakdownsOn = ctx.report.sections.breakdowns;
  const sharedLimit = Math.min(100, ctx.report.topN.breakdown * 3);
  const isShared = (c: Candidate) => breakdownsOn && c.metric === BREAKDOWN_METRIC && c.measurement === null;
  const sharedSubScores = await insightSubScores(ctx);
  const dimensionsOf = new Map<Candidate, string[]>();
  await Promise.all(
    list.map(async (c) => {
      const first = sharedSubScores.has(subScoreOf(c.metric) ?? '') ? await insightDimensions(ctx, c.metric) : [];
      dimensionsOf.set(c, [...new Set([...first, ...ctx.report.breakdownDimensions])]);
    }),
  );
  const plan = planPairs({
    candidates: list,
    dimensionsFor: (c) => dimensionsOf.get(c) ?? ctx.report.breakdownDimensions,
    isShared,
    maxCalls: CAUSES_MAX_CALLS,
  });
  const fetch = (c: Candidate, dimension: string, span: Span, limit: number) =>
    ctx.source.breakdown(c.metric, span, {
      groupBy: dimension,
      orderBy: 'views',
      orderDirection: 'desc',
      limit,
      ...(c.measurement && c.measurement !== c.def.defaultMeasurement ? { measurement: c.measurement } : {}),
    });
  const totals = ctx.scorecards.totals;
  const [results, annotations, incidents] = await Promise.all([
    Promise.all(
      plan.pairs.map(async (p) => {
        const curLimit = p.sharedCurrent ? sharedLimit : OWN_BREAKDOWN_LIMIT;
        const r = await settle(
          Promise.all([
            fetch(p.candidate, p.dimension, ctx.span, curLimit),
            fetch(p.candidate, p.dimension, ctx.previousSpan, OWN_BREAKDOWN_LIMIT),
          ]),
        );
        if ('err' in r) return { p, err: r.err };
        const [cur, prev] = r.ok;
        const d = decompose({
          current: sideOf(cur, curLimit, p.candidate.value, totals.current.views),
          previous: sideOf(prev, OWN_BREAKDOWN_LIMIT, p.candidate.previous, totals.previous.views),
          minViews: ctx.report.minViews,
          additive: p.candidate.additive,
        });
        return { p, d };
      }),
    ),
    settle(periodAnnotations(ctx)),
    plan.pairs.length > 0 ? settle(incidentsOf(ctx)) : Promise.resolve({ ok: [] as IncidentRaw[] }),
  ]);
  const incidentList = 'ok' in incidents ? incidents.ok : [];

  const items: MetricCauses[] = list.map((c) => {
    const mine = results.filter((r) => r.p.candidate === c);
    const decomps = mine.flatMap((r) => ('d' in r && r.d ? [{ dimension: r.p.dimension, d: r.d }] : []));
    const skipped = [
      ...plan.skipped.filter((s) => s.candidate === c).map((s) => ({ dimension: s.dimension, why: 'call budget' })),
      ...mine.flatMap((r) =>
        'err' in r ? [{ dimension: r.p.dimension, why: unavailableReason('breakdowns', r.err) }] : [],
      ),
    ];
    const delta = c.value - c.previous;
    const causes: Cause[] = rankCauses(decomps).map((r) => {
      const s = r.segment;
      const kind = Math.abs(s.rate) >= Math.abs(s.mix) ? 'rate' : 'mix';
      const dimLabel = dimensionLabel(r.dimension);
      return {
        dimension: r.dimension,
        dimensionLabel: dimLabel,
        field: s.field,
        contribution: s.contribution,
        share: r.share,
        kind,
        value: s.value,
        previous: s.previous,
        viewShare: s.viewShare,
        previousViewShare: s.previousViewShare,
        text: causeText({ dimensionLabel: dimLabel, segment: s, kind, unit: c.def.unit }),
        url: segmentUrl(ctx.environment, ctx.span, c.metric, r.dimension, s.field),
        incidents: incidentList
          .filter((i) => (i.breakdowns ?? []).some((b) => b.name === r.dimension && str(b.value) === s.field))
          .map((i) => ({
            id: i.id,
            description: i.description ?? i.error_description ?? '',
            url: incidentUrl(ctx.environment, i.id),
          })),
      };
    });
    const dimensions = decomps.map(({ dimension, d }) => dimensionShares(dimension, d));
    return {
      metric: c.metric,
      measurement: c.measurement,
      label: c.def.label,
      unit: c.def.unit,
      verdict: c.verdict,
      deltaAbsolute: delta,
      deltaDisplay: formatDeltaAbsolute(c.def.unit, delta),
      approximate: !c.additive,
      sentence: metricSentence({ candidate: c, word, causes, dimensions, skipped }),
      causes,
      dimensions,
      skipped,
    };
  });
  const failures = [
    'err' in annotations ? `annotations: ${unavailableReason('annotations', annotations.err)}` : null,
    'err' in incidents ? `incidents: ${unavailableReason('incidents', incidents.err)}` : null,
  ].filter((x): x is string => x !== null);
  return {
    data: {
      moved: list.length,
      summary:
        list.length === 0
          ? `Nothing moved beyond tolerance ${word}: no causes to report.`
          : items.every((i) => i.causes.length === 0)
            ? `Changes ${word} are spread out: no segment stands out.`
            : null,
      items,
      annotations: 'ok' in annotations ? annotations.ok : [],
      calls: plan.calls,
    },
    partial: failures.length > 0 ? failures.join('; ') : null,
  };
}

function dimensionShares(dimension: string, d: Decomposition) {
  return {
    dimension,
    dimensionLabel: dimensionLabel(dimension),
    reliable: d.reliable,
    segments: d.segments.map((s) => ({ ...s, share: d.total !== 0 ? s.contribution / d.total : 0 })),
  };
}

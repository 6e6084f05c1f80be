/**
 * Snapshot → view-model: everything the HTML template and the plain-text renderer show, already as
 * display strings. Both outputs are built from this one object so they can never disagree.
 *
 * The snapshot carries the numbers' display strings; this module only picks, labels and cleans them
 * (one-line, bidi-isolated, links limited to http(s)) and derives presentation: colours from
 * `verdict`, arrows from the sign of `deltaDisplay`, bar widths from `viewShare`.
 * A section is `null` when it is disabled (absent from the email).
 */
import { metricDef } from '../report/metric-catalog.js';
import type { MetricValue, Snapshot, Verdict } from '../report/snapshot-schema.js';
import { coverageNote, partialNote, previousNote } from './coverage-notes.js';
import { formatCount, formatInstant, formatPeriodRange, headerSafe, oneLine, safeUrl, truncate } from './text-utils.js';

export const COLORS = {
  better: '#15803d',
  worse: '#b91c1c',
  neutral: '#6b7280',
  bar: '#4f46e5',
  barOther: '#9ca3af',
} as const;

export interface DeltaVM {
  /** "▲ +3", "▼ −120 ms", "±0", "N/A". */
  text: string;
  color: string;
  verdict: Verdict;
}

export interface MetricVM {
  label: string;
  value: string;
  previous: string;
  delta: DeltaVM;
  global: string | null;
}

interface SectionVM {
  title: string;
  /** One line saying why the section is missing ("Unavailable: …"); null when the section is ok. */
  unavailable: string | null;
  /** One line saying what part is missing although the section is shown (e.g. one breakdown failed). */
  partial: string | null;
}

export interface ScoresVM extends SectionVM {
  overall: MetricVM | null;
  subScores: MetricVM[];
}

export interface MetricsVM extends SectionVM {
  items: MetricVM[];
}

export interface InsightVM {
  segment: string;
  metric: string;
  value: string;
  views: string;
  url: string | null;
}

export interface IncidentVM {
  severity: string;
  severityColor: string;
  description: string;
  state: string;
  started: string;
  affectedViews: string;
  url: string | null;
}

export interface ErrorVM {
  label: string;
  views: string;
  share: string;
  delta: DeltaVM;
  isOther: boolean;
}

export interface BarRowVM {
  label: string;
  value: string;
  /** Right-hand figure: share of views ("45%") for breakdowns, views for the trend. */
  aside: string;
  /** Bar width in whole percent (0–100); null draws no bar (no data). */
  width: number | null;
  color: string;
}

export interface BreakdownVM {
  title: string;
  caption: string;
  /** Header of the value column: "Score" for scores, else "Value". */
  valueHeader: string;
  rows: BarRowVM[];
}

export interface FailedViewVM {
  title: string;
  details: string;
  error: string;
  url: string | null;
}

export interface ViewModel {
  subject: string;
  preheader: string;
  reportTitle: string;
  reportId: string;
  kicker: string;
  headline: string;
  period: string;
  periodRange: string;
  timeZone: string;
  comparedWith: string;
  previousPeriod: string;
  hasViews: boolean;
  /** Shown near the top: the period ended less than an hour before generation, late views are missing. */
  partialNote: string | null;
  /** Footer: the span the numbers cover when it is not exactly the local period (Mux's rounding, retention). */
  coverageNote: string | null;
  /** Footer: the comparison period was refused or cut short by Mux. */
  previousNote: string | null;
  generatedAt: string;
  archiveLocation: string | null;
  environment: string;
  dashboardUrl: string | null;
  whyNote: string;
  scores: ScoresVM | null;
  volume: MetricsVM | null;
  keyMetrics: MetricsVM | null;
  insights: (SectionVM & { items: InsightVM[]; empty: string }) | null;
  incidents: (SectionVM & { summary: string; items: IncidentVM[] }) | null;
  errors: (SectionVM & { summary: string; items: ErrorVM[]; empty: string }) | null;
  breakdowns: (SectionVM & { items: BreakdownVM[]; empty: string }) | null;
  trend:
    | (SectionVM & { caption: string; barHeader: string; valueHeader: string; rows: BarRowVM[]; empty: string })
    | null;
  failedViews: (SectionVM & { summary: string; items: FailedViewVM[]; empty: string }) | null;
}

const SUBJECT_MAX = 150;
/**
 * Caps (code points) on names that repeat in lists. Mux segment values and video titles can be long;
 * the full strings stay in the archived snapshot and behind the dashboard links. The caps keep the
 * worst case (8 breakdowns × 11 rows, 20 failed views…) under Gmail's ~102 KB clipping and the
 * tables readable at 375 px.
 */
const MAX = { segment: 40, name: 80, description: 100 } as const;
/** One line, then capped. */
const cap = (s: string, n: number): string => oneLine(truncate(s, n));
const PREHEADER_MAX = 140;

const VERDICT_COLOR: Record<Verdict, string> = {
  better: COLORS.better,
  worse: COLORS.worse,
  flat: COLORS.neutral,
  'n/a': COLORS.neutral,
};

/** Arrow from the sign the snapshot already wrote: "+" up, "−"/"-" down, "±0"/"N/A" none. */
export function delta(deltaDisplay: string, verdict: Verdict): DeltaVM {
  const d = oneLine(deltaDisplay);
  const arrow = d.startsWith('+') ? '▲ ' : d.startsWith('−') || d.startsWith('-') ? '▼ ' : '';
  return { text: arrow + d, color: VERDICT_COLOR[verdict], verdict };
}

function metricVM(m: MetricValue): MetricVM {
  const label = m.measurement && m.measurement !== 'avg' ? `${m.label} (${m.measurement})` : m.label;
  return {
    label: cap(label, MAX.name),
    value: oneLine(m.display),
    previous: oneLine(m.previousDisplay),
    delta: delta(m.deltaDisplay, m.verdict),
    global: m.globalDisplay === null ? null : oneLine(m.globalDisplay),
  };
}

function base(title: string, s: { status: string; reason: string | null }): SectionVM {
  return {
    title,
    unavailable:
      s.status === 'unavailable' ? `Unavailable for this period: ${oneLine(s.reason ?? 'no reason given')}.` : null,
    partial: s.status === 'ok' && s.reason ? `Partly unavailable: ${oneLine(s.reason)}.` : null,
  };
}

/** Whole percent for a bar, at least 1 when there is anything to show so tiny segments stay visible. */
function barWidth(fraction: number): number {
  if (!Number.isFinite(fraction) || fraction <= 0) return 0;
  return Math.min(100, Math.max(1, Math.round(fraction * 100)));
}

function shareText(fraction: number): string {
  if (!Number.isFinite(fraction) || fraction <= 0) return '0%';
  return fraction < 0.01 ? '<1%' : `${Math.round(fraction * 100)}%`;
}

const IN_PERIOD: Record<Snapshot['incidents']['items'][number]['inPeriod'], string> = {
  opened: 'opened',
  resolved: 'resolved',
  opened_and_resolved: 'opened & resolved',
  ongoing: 'still open',
};

const CADENCE_WORD: Record<Snapshot['report']['cadence'], string> = {
  daily: 'Daily',
  weekly: 'Weekly',
  monthly: 'Monthly',
};

/** Error view counts: more is worse. The snapshot has no verdict for them, so the sign decides. */
function errorDelta(deltaDisplay: string): DeltaVM {
  const v: Verdict = deltaDisplay.startsWith('+')
    ? 'worse'
    : deltaDisplay.startsWith('−') || deltaDisplay.startsWith('-')
      ? 'better'
      : 'n/a';
  return delta(deltaDisplay, v);
}

export function toViewModel(s: Snapshot): ViewModel {
  const on = (id: keyof Snapshot['sections']): boolean => s.sections[id] !== 'disabled';
  const tz = s.period.timeZone;
  const hasViews = s.headline.hasViews;
  const periodLabel = oneLine(s.period.label);
  const headline = oneLine(s.headline.text);

  const subjectRaw = s.headline.text.includes(s.period.label)
    ? s.headline.text
    : `${s.headline.text} — ${s.period.label}`;
  const subject = headerSafe(subjectRaw, SUBJECT_MAX);
  const views = s.volume.items.find((m) => m.metric === 'views');
  const facts = [
    views ? `${views.display} views` : null,
    on('incidents') && s.incidents.status === 'ok'
      ? `${s.incidents.stillOpen} incident${s.incidents.stillOpen === 1 ? '' : 's'} still open`
      : null,
  ].filter((x) => x !== null);
  const preheader = headerSafe(
    hasViews
      ? `${s.headline.text}.${facts.length ? ` ${facts.join(', ')}.` : ''}`
      : `${s.headline.text}. ${s.report.title}: no views were recorded in this period.`,
    PREHEADER_MAX,
  );

  const scoreItems = s.scores.items.map(metricVM);
  const overallIdx = s.scores.items.findIndex((m) => m.metric === 'viewer_experience_score');
  const trendDef = metricDef(s.trend.metric);
  // Scores are fractions: bars on the absolute 0–100 scale. Other units: relative to the period's maximum.
  const trendMax = Math.max(0, ...s.trend.points.map((p) => p.value ?? 0));
  const trendWidth = (v: number | null): number | null =>
    v === null ? null : trendDef.unit === 'score' ? barWidth(v) : trendMax > 0 ? barWidth(v / trendMax) : 0;

  const failedTotal = s.failedViews.totalFailed;

  return {
    subject,
    preheader,
    reportTitle: oneLine(s.report.title),
    reportId: oneLine(s.report.id),
    kicker: `${CADENCE_WORD[s.report.cadence]} video experience report`,
    headline,
    period: periodLabel,
    periodRange: formatPeriodRange(s.period.start, s.period.end),
    timeZone: oneLine(tz),
    comparedWith: `vs ${oneLine(s.previousPeriod.label)}`,
    previousPeriod: oneLine(s.previousPeriod.label),
    hasViews,
    partialNote: partialNote(s),
    coverageNote: coverageNote(s),
    previousNote: previousNote(s),
    generatedAt: formatInstant(s.generatedAt, tz),
    archiveLocation: s.archiveLocation === null ? null : oneLine(s.archiveLocation),
    environment: oneLine(s.environment.name),
    dashboardUrl: safeUrl(s.environment.dashboardUrl),
    whyNote: oneLine(
      `You are receiving this because your address is on the recipient list of the report "${s.report.title}".`,
    ),
    scores:
      on('scores') && hasViews
        ? {
            ...base('Viewer experience', s.scores),
            overall: overallIdx >= 0 ? scoreItems[overallIdx]! : null,
            subScores: scoreItems.filter((_, i) => i !== overallIdx),
          }
        : null,
    volume: on('volume') ? { ...base('Volume', s.volume), items: s.volume.items.map(metricVM) } : null,
    keyMetrics:
      on('keyMetrics') && hasViews
        ? { ...base('Key metrics', s.keyMetrics), items: s.keyMetrics.items.map(metricVM) }
        : null,
    insights:
      on('insights') && hasViews
        ? {
            ...base('Top insights', s.insights),
            empty: 'No segment stood out this period.',
            items: s.insights.items.map((x) => ({
              segment: cap(`${x.dimension}: ${x.dimensionValue}`, MAX.name),
              metric: cap(x.metricLabel, MAX.name),
              value: oneLine(x.display),
              views: `${formatCount(x.views)} views`,
              url: safeUrl(x.url),
            })),
          }
        : null,
    incidents: on('incidents')
      ? {
          ...base('Incidents', s.incidents),
          summary: `${s.incidents.opened} opened · ${s.incidents.resolved} resolved · ${s.incidents.stillOpen} still open`,
          items: s.incidents.items.map((x) => ({
            severity: oneLine(x.severity),
            severityColor: x.severity.toLowerCase() === 'critical' ? COLORS.worse : COLORS.neutral,
            description: cap(x.description, MAX.description),
            state: IN_PERIOD[x.inPeriod],
            started: formatInstant(x.startedAt, tz),
            affectedViews: x.affectedViews === null ? 'N/A' : formatCount(x.affectedViews),
            url: safeUrl(x.url),
          })),
        }
      : null,
    errors:
      on('errors') && hasViews
        ? {
            ...base('Top playback errors', s.errors),
            summary: `${formatCount(s.errors.totalErrorViews)} views ended with an error.`,
            empty: 'No playback errors this period.',
            items: [
              ...s.errors.items.map((e) => ({
                label: cap(e.code ? `${e.code} · ${e.message}` : e.message, MAX.name),
                views: formatCount(e.views),
                share: oneLine(e.percentageDisplay),
                delta: errorDelta(e.deltaDisplay),
                isOther: false,
              })),
              ...(s.errors.other
                ? [
                    {
                      label: `Other (${formatCount(s.errors.other.count)} error types)`,
                      views: formatCount(s.errors.other.views),
                      share: '',
                      delta: delta('', 'n/a'),
                      isOther: true,
                    },
                  ]
                : []),
            ],
          }
        : null,
    breakdowns:
      on('breakdowns') && hasViews
        ? {
            ...base('Breakdowns', s.breakdowns),
            empty: 'No segment had enough views to show.',
            items: s.breakdowns.items.map((b) => ({
              title: cap(b.dimensionLabel, MAX.name),
              valueHeader: b.unit === 'score' ? 'Score' : 'Value',
              caption: oneLine(
                `${b.metricLabel} per segment; bar = share of views. Top ${b.rows.filter((r) => !r.isOther).length} of ${b.totalSegments}.`,
              ),
              rows: b.rows.map((r) => ({
                label: cap(r.field, MAX.segment),
                value: oneLine(r.display),
                aside: shareText(r.viewShare),
                width: barWidth(r.viewShare),
                color: r.isOther ? COLORS.barOther : COLORS.bar,
              })),
            })),
          }
        : null,
    trend:
      on('trend') && hasViews
        ? {
            ...base(s.trend.granularity === 'hour' ? 'Hourly trend' : 'Daily trend', s.trend),
            caption: oneLine(
              trendDef.unit === 'score'
                ? `${trendDef.label} per ${s.trend.granularity} (bars on the 0–100 scale), with views.`
                : `${trendDef.label} per ${s.trend.granularity} (bars relative to the highest), with views.`,
            ),
            barHeader: trendDef.label,
            valueHeader: trendDef.unit === 'score' ? 'Score' : 'Value',
            empty: 'No data points in this period.',
            rows: s.trend.points.map((p) => ({
              label: oneLine(p.label),
              value: p.value === null ? 'no data' : oneLine(p.display),
              aside: formatCount(p.views),
              width: trendWidth(p.value),
              color: COLORS.bar,
            })),
          }
        : null,
    failedViews:
      on('failedViews') && hasViews
        ? {
            ...base('Failed views (sample)', s.failedViews),
            summary:
              failedTotal === null
                ? `${s.failedViews.items.length} examples.`
                : `${s.failedViews.items.length} of ${formatCount(failedTotal)} failed views.`,
            empty: 'No failed views this period.',
            items: s.failedViews.items.map((v) => ({
              title: cap(v.videoTitle || v.id, MAX.name),
              details: cap(
                [formatInstant(v.viewStart, tz), v.country, v.browser, v.os].filter((x) => x).join(' · '),
                MAX.name,
              ),
              error: cap([v.errorCode, v.errorMessage].filter((x) => x).join(' · '), MAX.name),
              url: safeUrl(v.url),
            })),
          }
        : null,
  };
}

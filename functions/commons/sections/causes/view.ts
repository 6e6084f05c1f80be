import { dimensionValueLabel, inSentence, oneLine, safeUrl } from '../../format/index.js';
import { muxTextPlain } from '../../format/mux-text.js';
import { metricName } from '../../snapshot/metric-value.js';
import { base, COLORS, cap, MAX, type SectionVM } from '../view-kit.js';
import type { CausesPart } from './schema.js';
import { moreCauseText } from './words.js';

export interface CauseLinkVM {
  text: string;
  url: string | null;
}

export interface MetricCausesVM {
  /** The sentence, coloured by the verdict. */
  sentence: string;
  color: string;
  /** The dashboard, filtered to the first cause's segment. */
  url: string | null;
  /** The other causes ("also 12% of it from country BR: …", or "by device instead (overlaps the above): …"). */
  more: CauseLinkVM[];
  /** Incidents matching a cause's segment. */
  incidents: CauseLinkVM[];
  /** "Approximate (median): …" for medians and percentiles. */
  note: string | null;
}

export interface CausesVM extends SectionVM {
  summary: string | null;
  items: MetricCausesVM[];
  /** "Also moved: Upscaling +0.2 pp, …": the metrics past MAX_METRICS_SHOWN, in one line. */
  alsoMoved: string | null;
  annotations: string[];
}

/**
 * What the email shows (the snapshot keeps everything): the first 3 moves with two causes (the first one linked)
 * and one incident each, the rest in one line; sentences capped at 160 code points. A dashboard link filtered to a
 * 120-character segment is ~1 KB once URL-encoded. 13 metrics × 3 linked causes × 120-character names would weigh ~15 KB and push the worst
 * case past Gmail's clipping (the render test's 90 KB budget).
 */
export const MAX_METRICS_SHOWN = 3;
/** Causes past the first, per metric. */
export const MAX_MORE_SHOWN = 1;
export const MAX_INCIDENTS_SHOWN = 1;

/** The annotations' cap: a deploy-heavy week must not crowd the causes out (the snapshot keeps them all). */
export const MAX_ANNOTATIONS_SHOWN = 3;

export function causesView(part: CausesPart): CausesVM {
  const shown = part.annotations.slice(0, MAX_ANNOTATIONS_SHOWN);
  const rest = part.annotations.length - shown.length;
  return {
    ...base('What changed and why', part),
    summary: part.summary === null ? null : oneLine(part.summary),
    alsoMoved:
      part.items.length > MAX_METRICS_SHOWN
        ? cap(
            `Also moved: ${part.items
              .slice(MAX_METRICS_SHOWN)
              .map((m) => `${metricName(m)} ${m.deltaDisplay}`)
              .join(', ')}.`,
            3 * MAX.name,
          )
        : null,
    items: part.items.slice(0, MAX_METRICS_SHOWN).map((m) => ({
      sentence: cap(m.sentence, 2 * MAX.name),
      color: m.verdict === 'worse' ? COLORS.worse : m.verdict === 'better' ? COLORS.better : COLORS.neutral,
      url: m.causes[0] ? safeUrl(m.causes[0].url) : null,
      more: m.causes
        .slice(1, 1 + MAX_MORE_SHOWN)
        .map((c) => ({ text: cap(moreCauseText(m.causes[0]!, c), 2 * MAX.name), url: null })),
      incidents: m.causes
        .flatMap((c) =>
          c.incidents.map((i) => ({
            text: cap(
              `Incident on ${inSentence(c.dimensionLabel)} ${dimensionValueLabel(c.field)}: ${muxTextPlain(i.description) || i.id}`,
              MAX.name,
            ),
            url: safeUrl(i.url),
          })),
        )
        .slice(0, MAX_INCIDENTS_SHOWN),
      note: m.approximate
        ? 'Approximate: a median is not a sum of its segments (how it is computed: docs/causes.md).'
        : null,
    })),
    annotations: [
      ...shown.map((a) => cap(`${a.label} · ${a.note}`, MAX.name)),
      ...(rest > 0 ? [`and ${rest} more`] : []),
    ],
  };
}

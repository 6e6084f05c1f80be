import { oneLine, safeUrl } from '../../format/index.js';
import { base, COLORS, cap, MAX, type SectionVM } from '../view-kit.js';
import type { CausesPart } from './schema.js';
import { pct } from './words.js';

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
  /** The other causes ("also: country BR, 31%"). */
  more: CauseLinkVM[];
  /** Incidents matching a cause's segment. */
  incidents: CauseLinkVM[];
  /** "Approximate (median): …" for medians and percentiles. */
  note: string | null;
}

export interface CausesVM extends SectionVM {
  summary: string | null;
  items: MetricCausesVM[];
  annotations: string[];
}

/** The annotations' cap: a deploy-heavy week must not crowd the causes out (the snapshot keeps them all). */
export const MAX_ANNOTATIONS_SHOWN = 5;

export function causesView(part: CausesPart): CausesVM {
  const shown = part.annotations.slice(0, MAX_ANNOTATIONS_SHOWN);
  const rest = part.annotations.length - shown.length;
  return {
    ...base('What changed and why', part),
    summary: part.summary === null ? null : oneLine(part.summary),
    items: part.items.map((m) => ({
      sentence: cap(m.sentence, 2 * MAX.name + MAX.segment),
      color: m.verdict === 'worse' ? COLORS.worse : m.verdict === 'better' ? COLORS.better : COLORS.neutral,
      url: m.causes[0] ? safeUrl(m.causes[0].url) : null,
      more: m.causes
        .slice(1)
        .map((c) => ({ text: cap(`also ${pct(c.share)}: ${c.text}`, MAX.name), url: safeUrl(c.url) })),
      incidents: m.causes.flatMap((c) =>
        c.incidents.map((i) => ({
          text: cap(`Incident on ${c.dimensionLabel.toLowerCase()} ${c.field}: ${i.description || i.id}`, MAX.name),
          url: safeUrl(i.url),
        })),
      ),
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

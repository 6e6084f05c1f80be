import {
  cutMuxText,
  formatCount,
  formatInstant,
  type MuxTextPart,
  muxTextParts,
  muxTextPlain,
  oneLine,
  safeUrl,
} from '../../format/index.js';
import type { ViewContext } from '../section.js';
import { base, COLORS, MAX, type SectionVM } from '../view-kit.js';
import type { Incident, IncidentsPart } from './schema.js';

export interface IncidentVM {
  severity: string;
  severityColor: string;
  /** Plain (text part): Mux's `*…*` emphasis without the asterisks. */
  description: string;
  /** The same as runs, emphasised or not (format/mux-text.ts): the template writes `<em>` around the emphasised. */
  descriptionParts: MuxTextPart[];
  state: string;
  started: string;
  affectedViews: string;
  url: string | null;
}

export interface IncidentsVM extends SectionVM {
  summary: string;
  items: IncidentVM[];
}

const IN_PERIOD: Record<Incident['inPeriod'], string> = {
  opened: 'opened',
  resolved: 'resolved',
  opened_and_resolved: 'opened & resolved',
  ongoing: 'still open',
};

export function incidentsView(part: IncidentsPart, ctx: ViewContext): IncidentsVM {
  return {
    ...base('Incidents', part),
    summary: `${part.opened} opened · ${part.resolved} resolved · ${part.stillOpen} still open`,
    items: part.items.map((x) => {
      const description = oneLine(cutMuxText(x.description, MAX.description));
      return {
        severity: oneLine(x.severity),
        severityColor: x.severity.toLowerCase() === 'critical' ? COLORS.worse : COLORS.neutral,
        description: muxTextPlain(description),
        descriptionParts: muxTextParts(description),
        state: IN_PERIOD[x.inPeriod],
        started: formatInstant(x.startedAt, ctx.timeZone),
        affectedViews: formatCount(x.affectedViews),
        url: safeUrl(x.url),
      };
    }),
  };
}

/**
 * Snapshot → view-model: everything the HTML template and the plain-text renderer show, already as
 * display strings. Both outputs are built from this one object so they can never disagree.
 *
 * The report's own fields (subject, header, footer) are made here; each section's view-model comes from its
 * module (sections/<id>/view.ts, composed by sections/registry.ts) under the section's id. A section is `null`
 * when it is disabled or, for most, when the period has no views (absent from the email).
 */
import { PERSONAL_FIELDS } from '../catalog/personal-fields.js';
import type { Audience } from '../config/audience.js';
import { formatInstant, formatPeriodRange, headerSafe, oneLine, safeUrl } from '../format/index.js';
import { scorecardNote } from '../report/scorecard-note.js';
import type { Snapshot } from '../report/snapshot-schema.js';
import { type SectionViewModels, sectionViews } from '../sections/registry.js';
import { coverageNote, partialNote, previousNote } from './coverage-notes.js';

/** The report's own fields: subject, preheader, header and footer. */
export interface ReportViewModel {
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
  /**
   * Shown near the top of a scorecard-tier fan-out report: what the scorecard shows, what the full report adds and
   * how one gets it (report/scorecard-note.ts); null for every other report.
   */
  scorecardNote: string | null;
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
  /**
   * Footer of a customer-facing report (config/audience.ts): whom it is for and how to stop it. Holds merge fields
   * (catalog/personal-fields.ts) that the per-address send fills; null for a team's report.
   */
  personalNote: { text: string; unsubscribeUrl: string } | null;
}

export type ViewModel = ReportViewModel & SectionViewModels;

const SUBJECT_MAX = 150;
const PREHEADER_MAX = 140;

const CADENCE_WORD: Record<Snapshot['report']['cadence'], string> = {
  daily: 'Daily',
  weekly: 'Weekly',
  monthly: 'Monthly',
};

export interface ViewModelOptions {
  /** Default `internal`: no personal footer. */
  audience?: Audience;
}

/** "acme (sub_property_id)" for a fan-out segment, else the report's title: whose numbers these are. */
function personalNote(s: Snapshot, audience: Audience): ReportViewModel['personalNote'] {
  if (audience !== 'external') return null;
  const segment = s.report.segment;
  const forWhom = segment ? `${segment.value} (${segment.dimension})` : s.report.title;
  return {
    text: oneLine(`This report is for ${forWhom} and was sent to ${PERSONAL_FIELDS.recipient}.`),
    unsubscribeUrl: PERSONAL_FIELDS.unsubscribeUrl,
  };
}

const nullableLine = (s: string | null): string | null => (s === null ? null : oneLine(s));

export function toViewModel(s: Snapshot, options: ViewModelOptions = {}): ViewModel {
  const on = (id: keyof Snapshot['sections']): boolean => s.sections[id] !== 'disabled';
  const audience = options.audience ?? 'internal';
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

  return {
    subject,
    preheader,
    reportTitle: oneLine(s.report.title),
    reportId: oneLine(s.report.id),
    kicker: `${CADENCE_WORD[s.report.cadence]} video experience ${s.report.segment?.tier === 'scorecard' ? 'scorecard' : 'report'}`,
    headline,
    period: periodLabel,
    periodRange: formatPeriodRange(s.period.start, s.period.end),
    timeZone: oneLine(tz),
    comparedWith: `vs ${oneLine(s.previousPeriod.label)}`,
    previousPeriod: oneLine(s.previousPeriod.label),
    hasViews,
    scorecardNote: nullableLine(scorecardNote(s, audience)),
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
    personalNote: personalNote(s, audience),
    ...sectionViews(s, { timeZone: tz, hasViews }),
  };
}

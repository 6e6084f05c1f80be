/**
 * What a scorecard-tier report (config/fan-out.ts `fullReports`) says about itself, so that a reader who gets
 * fewer sections than a full report knows why and what the full report would add. One sentence, built from the
 * snapshot only (`report.segment.fullReports` carries `fanOut.fullReports.top` and the sections the full report
 * adds; `sections` the ones this scorecard shows), worded for the report's audience:
 *
 *   internal  "This scorecard shows scores, volume, key metrics and history; the full report, with causes of
 *              changes, insights, incidents, playback errors, breakdowns, trend charts and failed views, goes to the
 *              20 sub_property_id values with the most views (fanOut.fullReports.top)."
 *   external  "This scorecard shows scores, volume, key metrics and history; the full report adds causes of changes,
 *              insights, incidents, playback errors, breakdowns, trend charts and failed views — reply to this email
 *              if you would like it."
 *
 * A customer is never told how segments are ranked (nor that theirs is small): the email is the platform's, so
 * its reader asks the platform, by replying (an email is only sent with a `from`; `replyTo` routes the answer).
 * Chat messages go to the team's own channels and say it in a few words (`scorecardTag`).
 * The only strings here are ours and the config's (a dimension id matching MUX_ID_PATTERN, numbers); the
 * renderers still encode them like any other.
 */
import { SECTION_IDS, type SectionId } from '../catalog/sections.js';
import type { Audience } from '../config/audience.js';
import type { Snapshot } from './snapshot-schema.js';

type SegmentLabel = NonNullable<Snapshot['report']['segment']>;

/** A section as the sentence names it (lower case; plainer than some headings, e.g. "What changed and why"). */
const SECTION_WORDS: Record<SectionId, string> = {
  scores: 'scores',
  causes: 'causes of changes',
  volume: 'volume',
  keyMetrics: 'key metrics',
  insights: 'insights',
  incidents: 'incidents',
  errors: 'playback errors',
  breakdowns: 'breakdowns',
  trend: 'trend charts',
  history: 'history',
  failedViews: 'failed views',
};

/** "a", "a and b", "a, b and c". */
function list(ids: readonly SectionId[]): string {
  const words = ids.map((id) => SECTION_WORDS[id]);
  return words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** "goes to the 20 sub_property_id values with the most views" (the rule of `fanOut.fullReports.top`). */
function whoGetsIt(segment: SegmentLabel): string {
  const top = segment.fullReports?.top;
  const dim = segment.dimension;
  if (top === undefined) return `goes to the ${dim} values with the most views`;
  if (top === 0) return `goes to no ${dim} value`;
  return top === 1
    ? `goes to the ${dim} value with the most views`
    : `goes to the ${top} ${dim} values with the most views`;
}

/** The note of a scorecard-tier report; null for a full report (or a scorecard whose full report adds nothing). */
export function scorecardNote(snapshot: Pick<Snapshot, 'report' | 'sections'>, audience: Audience): string | null {
  const segment = snapshot.report.segment;
  if (segment?.tier !== 'scorecard') return null;
  const adds = segment.fullReports?.sections ?? null;
  if (adds !== null && adds.length === 0) return null;
  const shows = SECTION_IDS.filter((id) => snapshot.sections[id] !== 'disabled');
  const card = shows.length > 0 ? `This scorecard shows ${list(shows)}` : 'This is a scorecard';
  if (audience === 'external') {
    const more = adds ? `the full report adds ${list(adds)}` : 'there is a full report with more';
    return `${card}; ${more} — reply to this email if you would like it.`;
  }
  const full = adds ? `the full report, with ${list(adds)},` : 'the full report';
  const setting = segment.fullReports?.top === 0 ? 'fanOut.fullReports.top is 0' : 'fanOut.fullReports.top';
  return `${card}; ${full} ${whoGetsIt(segment)} (${setting}).`;
}

/** A few words for a chat message (Slack, Teams): "Scorecard: the full report goes to the 20 … with the most views." */
export function scorecardTag(segment: SegmentLabel | null | undefined): string | null {
  if (segment?.tier !== 'scorecard') return null;
  return `Scorecard: the full report ${whoGetsIt(segment)}.`;
}

/**
 * The scorecard tier's note (report/scorecard-note.ts): a scorecard-tier email says, near the top of both parts,
 * that it is a scorecard, what the full report adds and how one gets it, worded for its audience; a full report
 * (fan-out segment or not) says nothing of the kind.
 */
import { describe, expect, it } from 'vitest';
import { renderEmail } from '../../functions/commons/render/index.js';
import { scorecardNote, scorecardTag } from '../../functions/commons/report/scorecard-note.js';
import type { Snapshot } from '../../functions/commons/report/snapshot-schema.js';
import { asSeen } from '../helpers/look.js';
import { fanOutSnapshot } from '../helpers/look-emails.js';
import { defaultSnapshot, scorecardSnapshot } from '../helpers/sample-snapshots.js';

const SHOWS = 'This scorecard shows scores, volume, key metrics and history';
const ADDS = 'causes of changes, insights, incidents, playback errors, breakdowns, trend charts and failed views';
const INTERNAL = `${SHOWS}; the full report, with ${ADDS}, goes to the 20 sub_property_id values with the most views (fanOut.fullReports.top).`;
const EXTERNAL = `${SHOWS}; the full report adds ${ADDS} — reply to this email if you would like it.`;

/** The text part's paragraphs, each joined back onto one line (the text part wraps at 78). */
const paragraphs = (text: string): string[] => text.split('\n\n').map((p) => p.replace(/\n/g, ' ').trim());
const withTop = (top: number | undefined): Snapshot => {
  const s = scorecardSnapshot();
  const segment = s.report.segment!;
  s.report.segment =
    top === undefined
      ? { dimension: segment.dimension, value: segment.value, tier: 'scorecard' }
      : { ...segment, fullReports: { ...segment.fullReports!, top } };
  return s;
};

describe('the scorecard note', () => {
  it.each([
    ['internal', INTERNAL],
    ['external', EXTERNAL],
  ] as const)('%s: one sentence in the header of the HTML and under the title in the text', (audience, sentence) => {
    const email = renderEmail(scorecardSnapshot(), { audience });
    const html = asSeen(email.html);
    expect(html).toContain(`<p class="sn">${sentence}</p>`);
    // Near the top: in the header, before the first section.
    expect(html.indexOf('class="sn"')).toBeLessThan(html.indexOf('<h2>'));
    expect(html).toContain('Weekly video experience scorecard');
    const paras = paragraphs(email.text);
    expect(paras).toContain(sentence);
    expect(paras.indexOf(sentence)).toBeLessThan(paras.findIndex((p) => p.startsWith('VIEWER EXPERIENCE')));
    expect(email.text).toContain('Weekly video experience scorecard');
  });

  it('a customer is not told how segments are ranked', () => {
    const external = scorecardNote(scorecardSnapshot(), 'external')!;
    expect(external).not.toMatch(/most views|largest|small|top|fanOut|sub_property_id/i);
  });

  it('full reports have none: a full-tier fan-out segment, a report without fan-out', () => {
    for (const snapshot of [fanOutSnapshot(), defaultSnapshot()]) {
      for (const audience of ['internal', 'external'] as const) {
        const email = renderEmail(snapshot, { audience });
        expect(email.html).not.toContain('class="sn"');
        expect(email.html).not.toContain('scorecard');
        expect(email.text).not.toContain('scorecard');
        expect(email.text).toContain('Weekly video experience report');
      }
    }
    expect(scorecardTag(fanOutSnapshot().report.segment)).toBeNull();
  });

  it('names what the scorecard shows and what the full report adds from the snapshot', () => {
    const s = scorecardSnapshot();
    s.sections.history = 'disabled';
    s.report.segment!.fullReports!.sections = ['causes', 'errors'];
    expect(scorecardNote(s, 'internal')).toBe(
      'This scorecard shows scores, volume and key metrics; the full report, with causes of changes and playback ' +
        'errors, goes to the 20 sub_property_id values with the most views (fanOut.fullReports.top).',
    );
    // A full report that adds nothing: no note.
    s.report.segment!.fullReports!.sections = [];
    expect(scorecardNote(s, 'internal')).toBeNull();
  });

  it('K of one, K of zero, and a scorecard written before K was recorded', () => {
    expect(scorecardNote(withTop(1), 'internal')).toContain(
      'goes to the sub_property_id value with the most views (fanOut.fullReports.top).',
    );
    expect(scorecardNote(withTop(0), 'internal')).toContain(
      'goes to no sub_property_id value (fanOut.fullReports.top is 0).',
    );
    expect(scorecardNote(withTop(undefined), 'internal')).toBe(
      `${SHOWS}; the full report goes to the sub_property_id values with the most views (fanOut.fullReports.top).`,
    );
    expect(scorecardNote(withTop(undefined), 'external')).toBe(
      `${SHOWS}; there is a full report with more — reply to this email if you would like it.`,
    );
  });

  it('chat: a few words', () => {
    expect(scorecardTag(scorecardSnapshot().report.segment)).toBe(
      'Scorecard: the full report goes to the 20 sub_property_id values with the most views.',
    );
  });
});

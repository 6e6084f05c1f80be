/** Pure parts of the channels: Slack's limits on any input, causes when the snapshot has them, sendWhen rules. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reportSchema } from '../../functions/commons/config/schema.js';
import { SLACK_LIMITS, type SlackBlock, slackMessage } from '../../functions/commons/delivery/channels/slack.js';
import { summarize } from '../../functions/commons/delivery/channels/summary.js';
import { teamsMessage } from '../../functions/commons/delivery/channels/teams.js';
import { decideSend } from '../../functions/commons/delivery/send-when.js';
import { slackText, teamsText } from '../../functions/commons/format/encode.js';
import { fanOutSnapshot } from '../helpers/look-emails.js';
import { defaultSnapshot, scorecardSnapshot } from '../helpers/sample-snapshots.js';
import { reportConfig } from './fixtures.js';

function texts(block: SlackBlock): { text: string; max: number }[] {
  switch (block.type) {
    case 'header':
      return [{ text: block.text.text, max: SLACK_LIMITS.header }];
    case 'section':
      return [
        ...(block.text ? [{ text: block.text.text, max: SLACK_LIMITS.text }] : []),
        ...(block.fields ?? []).map((f) => ({ text: f.text, max: SLACK_LIMITS.field })),
      ];
    case 'context':
      return block.elements.map((e) => ({ text: e.text, max: SLACK_LIMITS.text }));
    case 'actions':
      return block.elements.map((e) => ({ text: e.text.text, max: SLACK_LIMITS.button }));
    default:
      return [];
  }
}

describe('Slack message', () => {
  it('stays within Slack limits for any titles, labels, counts and causes', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 5000, unit: 'grapheme' }),
        fc.array(fc.string({ maxLength: 3000 }), { maxLength: 30 }),
        fc.array(fc.string({ maxLength: 4000 }), { maxLength: 10 }),
        (title, labels, causes) => {
          const snapshot = defaultSnapshot();
          snapshot.report.title = title;
          const template = snapshot.keyMetrics.items[0]!;
          snapshot.keyMetrics.items = labels.map((label) => ({ ...template, label, display: label }));
          Object.assign(snapshot, {
            causes: { status: 'ok', reason: null, items: causes.map((sentence) => ({ sentence, causes: [] })) },
          });
          const message = slackMessage(summarize(snapshot, { archivedHtml: null }));
          expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
          expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
          for (const block of message.blocks) {
            if (block.type === 'section') expect((block.fields ?? []).length).toBeLessThanOrEqual(SLACK_LIMITS.fields);
            for (const t of texts(block)) expect(t.text.length).toBeLessThanOrEqual(t.max);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('shows the top causes when the snapshot has a causes section, escaping mrkdwn', () => {
    const snapshot = defaultSnapshot();
    Object.assign(snapshot, {
      causes: {
        status: 'ok',
        reason: null,
        items: [
          { sentence: 'Startup +120 ms — 70% from browser <Safari>', causes: [{ url: 'https://dashboard.mux.com/x' }] },
          { sentence: 'Exits +0.44 pp — from country FR', causes: [] },
        ],
      },
    });
    const summary = summarize(snapshot, { archivedHtml: null });
    expect(summary.causes).toEqual([
      { text: 'Startup +120 ms — 70% from browser <Safari>', url: 'https://dashboard.mux.com/x' },
      { text: 'Exits +0.44 pp — from country FR', url: null },
    ]);
    const section = slackMessage(summary).blocks.find((b) => b.type === 'section' && b.text?.text.startsWith('*What'));
    expect(section).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text:
          '*What changed*\n• <https://dashboard.mux.com/x|Startup +120 ms — 70% from browser &lt;Safari&gt;>\n' +
          '• Exits +0.44 pp — from country FR',
      },
    });
    const card = teamsMessage(summary).attachments[0]?.content as { body: { text?: string }[] };
    expect(card.body.map((b) => b.text)).toContain('- Exits +0.44 pp — from country FR');
  });

  it('the default snapshot names its causes; one without causes (older, or the section off) has none', () => {
    expect(summarize(defaultSnapshot(), { archivedHtml: null }).causes.map((c) => c.text)).toEqual([
      expect.stringMatching(/^Video startup time \(median\) \+120 ms vs last week — 70% of it from browser Safari/),
      expect.stringMatching(/^Rebuffering \+0\.35 pp vs last week — 60% of it from country BR/),
    ]);
    const older = defaultSnapshot();
    delete (older as Partial<typeof older>).causes;
    expect(summarize(older, { archivedHtml: null }).causes).toEqual([]);
    const odd = defaultSnapshot();
    Object.assign(odd, { causes: { status: 'unavailable', items: 'nope' } });
    expect(summarize(odd, { archivedHtml: null }).causes).toEqual([]);
  });
});

describe('fan-out segments in chat', () => {
  const teamsTexts = (summary: ReturnType<typeof summarize>): (string | undefined)[] =>
    (teamsMessage(summary).attachments[0]!.content as { body: { text?: string }[] }).body.map((b) => b.text);

  it('a scorecard says so in a few words, in Slack, Teams and the webhook summary', () => {
    const summary = summarize(scorecardSnapshot(), { archivedHtml: null });
    const note = 'Scorecard: the full report goes to the 20 sub_property_id values with the most views.';
    expect(summary.segment).toEqual({ dimension: 'sub_property_id', value: 'cust-0412', tier: 'scorecard', note });
    // Through the destinations' encoders: `_` is markup in both, so the dimension's underscores are look-alikes.
    const headline = slackMessage(summary).blocks[1];
    expect(headline).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });
    expect(headline?.type === 'section' && headline.text?.text.split('\n')[2]).toBe(`_${slackText(note)}_`);
    expect(teamsTexts(summary)).toContain(teamsText(note));
  });

  it('a full-tier segment names its segment only; a report without fan-out has no segment', () => {
    expect(summarize(fanOutSnapshot(), { archivedHtml: null }).segment).toEqual({
      dimension: 'sub_property_id',
      value: 'acme-streaming',
      tier: 'full',
      note: null,
    });
    expect(summarize(defaultSnapshot(), { archivedHtml: null }).segment).toBeNull();
    for (const snapshot of [fanOutSnapshot(), defaultSnapshot()]) {
      const summary = summarize(snapshot, { archivedHtml: null });
      expect(JSON.stringify(slackMessage(summary))).not.toMatch(/scorecard/i);
      expect(JSON.stringify(teamsMessage(summary))).not.toMatch(/scorecard/i);
    }
  });
});

describe('sendWhen', () => {
  const rule = (sendWhen: unknown) => reportConfig({ sendWhen }).sendWhen;
  const s = defaultSnapshot(); // startup time median 1090 → 1210 ms (worse), overall score 0.79 → 0.82 (better)

  it('always and worse', () => {
    expect(decideSend(rule(undefined), s)).toEqual({ send: true, reason: 'sendWhen is always' });
    expect(decideSend(rule('worse'), s)).toEqual({
      send: true,
      reason: 'got worse: startup_time_score −3, video_startup_time:median +120 ms, exits_before_video_start +0.44 pp',
    });
  });

  it('{ metric, beyond } in raw units and as a percentage, in the metric direction', () => {
    expect(decideSend(rule({ metric: 'video_startup_time:median', beyond: 119 }), s).send).toBe(true);
    expect(decideSend(rule({ metric: 'video_startup_time:median', beyond: 120 }), s).send).toBe(false);
    // +120 ms on 1090 ms is +11.0%.
    expect(decideSend(rule({ metric: 'video_startup_time:median', beyond: '10%' }), s).send).toBe(true);
    expect(decideSend(rule({ metric: 'video_startup_time:median', beyond: '11.5%' }), s).send).toBe(false);
    // The overall score went up: better, so never beyond any worsening.
    expect(decideSend(rule({ metric: 'viewer_experience_score', beyond: 0.001 }), s).send).toBe(false);
    expect(decideSend(rule({ metric: 'startup_time_score', beyond: 0.02 }), s).send).toBe(true);
  });

  it('a metric that cannot be judged sends, saying why', () => {
    expect(decideSend(rule({ metric: 'video_quality_score', beyond: 0.01 }), s)).toEqual({
      send: true,
      reason: 'video_quality_score has no value to compare: sending, as it cannot be judged',
    });
    expect(decideSend(rule({ metric: 'weighted_average_bitrate', beyond: 1 }), s).send).toBe(true);
  });

  it('the configuration refuses malformed rules, naming the field', () => {
    const bad = reportSchema.safeParse({ ...reportConfig(), sendWhen: { metric: 'video_startup_time', beyond: -1 } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['sendWhen', 'beyond']);
    const dup = reportSchema.safeParse({
      ...reportConfig(),
      channels: [
        { type: 'slack', webhookSecret: 'a' },
        { type: 'slack', webhookSecret: 'a' },
      ],
    });
    expect(dup.error?.issues[0]).toMatchObject({ path: ['channels', 1], message: 'duplicate channel slack:a' });
  });
});

/**
 * Microsoft Teams: an Adaptive Card posted to a Workflows webhook ("When a Teams webhook request is received", the
 * replacement of the retired Office 365 connectors). The Workflows trigger expects a `message` whose attachments
 * are cards; "Post card in a chat or channel" posts `attachments[0].content`.
 *
 * Adaptive Card 1.4 (what Teams renders on every client); TextBlocks `wrap` so nothing is cut on a phone. Teams
 * refuses messages over ~28 KB: the card holds ≤ 10 facts per set and ≤ 3 causes, so it stays around 3 KB.
 *
 * Every string from the summary goes through `teamsText` (format/encode.ts): markdown (links, emphasis, lists)
 * and newlines of values made inert, no link but the card's own actions.
 */
import { teamsText } from '../../format/encode.js';
import type { ChannelSend } from './context.js';
import { checkedUrl, postJson } from './http-post.js';
import { clip } from './slack.js';
import type { SnapshotSummary, SummaryMetric } from './summary.js';

/** Characters per TextBlock or fact: far below Teams' message limit, long enough for any sentence we write. */
const MAX_TEXT = 1000;
const MAX_FACTS = 10;

type Element = Record<string, unknown>;

export interface TeamsMessage {
  type: 'message';
  attachments: { contentType: 'application/vnd.microsoft.card.adaptive'; contentUrl: null; content: Element }[];
}

const text = (value: string, extra: Element = {}): Element => ({
  type: 'TextBlock',
  text: clip(teamsText(value), MAX_TEXT),
  wrap: true,
  ...extra,
});

const fact = (m: SummaryMetric) => ({
  title: clip(teamsText(m.label), MAX_TEXT),
  value: clip(
    teamsText(
      `${m.display} (${m.deltaDisplay}${m.verdict === 'worse' ? ', worse' : m.verdict === 'better' ? ', better' : ''})`,
    ),
    MAX_TEXT,
  ),
});

function factSet(title: string, metrics: SummaryMetric[]): Element[] {
  if (metrics.length === 0) return [];
  return [
    text(title, { weight: 'Bolder', spacing: 'Medium' }),
    { type: 'FactSet', facts: metrics.slice(0, MAX_FACTS).map(fact) },
  ];
}

export function teamsMessage(summary: SnapshotSummary): TeamsMessage {
  const body: Element[] = [
    text(summary.report.title, { size: 'Large', weight: 'Bolder', style: 'heading' }),
    text(summary.headline, { weight: 'Bolder' }),
    text(`${summary.period.label} (${summary.period.timeZone})`, { isSubtle: true, spacing: 'None' }),
    ...(summary.segment?.note ? [text(summary.segment.note, { isSubtle: true, spacing: 'Small' })] : []),
    ...(summary.partial ? [text('Partial period: views still open are not counted yet.', { color: 'Warning' })] : []),
    ...factSet('Scores', summary.scores),
    ...factSet('Key metrics', summary.keyMetrics),
  ];
  if (summary.causes.length > 0) {
    body.push(text('What changed', { weight: 'Bolder', spacing: 'Medium' }));
    // The list bullet is ours; text() encodes the whole line, so the value adds no markdown of its own.
    for (const c of summary.causes) body.push(text(`- ${c.text}`, { spacing: 'Small' }));
  }
  const actions = [
    { type: 'Action.OpenUrl', title: 'Open the Mux dashboard', url: summary.links.dashboard },
    ...(summary.links.archivedHtml
      ? [{ type: 'Action.OpenUrl', title: 'Archived email', url: summary.links.archivedHtml }]
      : []),
  ];
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          msteams: { width: 'Full' },
          body,
          actions,
        },
      },
    ],
  };
}

export const sendTeams: ChannelSend<'teams'> = async (channel, ctx) => {
  const url = checkedUrl('teams', await ctx.secrets(channel.webhookSecret), channel.webhookSecret);
  const res = await postJson('teams', url, JSON.stringify(teamsMessage(ctx.summary)), {}, ctx.post);
  return { httpStatus: res.status, sentAt: ctx.now().toISOString() };
};

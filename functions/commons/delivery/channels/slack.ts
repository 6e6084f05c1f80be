/**
 * Slack: a Block Kit message through an incoming webhook (https://api.slack.com/messaging/webhooks).
 *
 * Slack's limits (Block Kit reference): 50 blocks per message, 3,000 characters per section text, 2,000 per field
 * and 10 fields per section, 150 per header, 75 per button label, 3,000 per URL. Every string is clipped to its
 * limit here, and the block count is fixed (≤ 9), so no snapshot can make Slack refuse the message
 * (`invalid_blocks`). `text` is the notification and screen-reader fallback.
 *
 * Every string from the summary goes through `slackText` (mrkdwn, the top-level `text` included) or
 * `slackPlainText` (format/encode.ts): `& < >` escaped, no mention, no markup, no link but ours, one line. The
 * only markup and links are the ones written here.
 */
import { slackPlainText, slackText } from '../../format/encode.js';
import type { ChannelSend } from './context.js';
import { checkedUrl, postJson } from './http-post.js';
import type { SnapshotSummary, SummaryMetric } from './summary.js';

export const SLACK_LIMITS = {
  blocks: 50,
  text: 3000,
  field: 2000,
  fields: 10,
  header: 150,
  button: 75,
  url: 3000,
} as const;

type Text = { type: 'mrkdwn' | 'plain_text'; text: string; emoji?: boolean };
export type SlackBlock =
  | { type: 'header'; text: Text }
  | { type: 'section'; text?: Text; fields?: Text[] }
  | { type: 'context'; elements: Text[] }
  | { type: 'divider' }
  | { type: 'actions'; elements: { type: 'button'; text: Text; url: string; action_id: string }[] };

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Cuts to `max` code units without splitting a surrogate pair, with an ellipsis. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = max - 1;
  if (/[\uD800-\uDBFF]/.test(s.charAt(cut - 1))) cut--;
  return `${s.slice(0, cut)}…`;
}

/** `clip` for escaped mrkdwn: an entity cut in half (`&am…`) is dropped whole. */
function clipEscaped(s: string, max: number): string {
  const c = clip(s, max);
  return c === s ? c : c.replace(/&[a-z]*…$/, '…');
}

/** Summary text as mrkdwn (see above). */
const esc = slackText;
const mrkdwn = (s: string, max: number = SLACK_LIMITS.text): Text => ({ type: 'mrkdwn', text: clipEscaped(s, max) });
const plain = (s: string, max: number): Text => ({
  type: 'plain_text',
  text: clip(slackPlainText(s), max),
  emoji: true,
});

const arrow = (d: string) => (d.startsWith('+') ? '▲ ' : d.startsWith('−') || d.startsWith('-') ? '▼ ' : '');

/** "*Startup time*\n82  ▲ +3" (verdict in words too: colour is not available in Slack text). */
function field(m: SummaryMetric): Text {
  const verdict = m.verdict === 'worse' ? ' (worse)' : m.verdict === 'better' ? ' (better)' : '';
  const global = m.globalDisplay ? ` · global ${m.globalDisplay}` : '';
  return mrkdwn(
    `*${esc(m.label)}*\n${esc(m.display)}  ${arrow(m.deltaDisplay)}${esc(m.deltaDisplay)}${verdict}${esc(global)}`,
    SLACK_LIMITS.field,
  );
}

function metricsSection(title: string, metrics: SummaryMetric[]): SlackBlock[] {
  if (metrics.length === 0) return [];
  return [
    { type: 'section', text: mrkdwn(`*${title}*`) },
    { type: 'section', fields: metrics.slice(0, SLACK_LIMITS.fields).map(field) },
  ];
}

export function slackMessage(summary: SnapshotSummary): SlackMessage {
  const blocks: SlackBlock[] = [
    { type: 'header', text: plain(summary.report.title, SLACK_LIMITS.header) },
    {
      type: 'section',
      text: mrkdwn(
        `*${esc(summary.headline)}*\n${esc(summary.period.label)} (${esc(summary.period.timeZone)})` +
          (summary.segment?.note ? `\n_${esc(summary.segment.note)}_` : '') +
          (summary.partial ? '\n_Partial period: views still open are not counted yet._' : ''),
      ),
    },
    ...metricsSection('Scores', summary.scores),
    ...metricsSection('Key metrics', summary.keyMetrics),
  ];
  if (summary.causes.length > 0) {
    const lines = summary.causes.map((c) => {
      const text = esc(c.text); // no `|` left: it would end a link's label
      // A link is `<url|text>`: a URL holding one of `<|>` cannot be written as one, so it is left out.
      return c.url && !/[<>|]/.test(c.url) ? `• <${c.url}|${text}>` : `• ${text}`;
    });
    blocks.push({ type: 'section', text: mrkdwn(`*What changed*\n${lines.join('\n')}`) });
  }
  const buttons = [
    { label: 'Open the Mux dashboard', url: summary.links.dashboard, id: 'dashboard' },
    ...(summary.links.archivedHtml
      ? [{ label: 'Archived email', url: summary.links.archivedHtml, id: 'archive' }]
      : []),
  ].filter((b) => b.url.length <= SLACK_LIMITS.url);
  if (buttons.length > 0) {
    blocks.push({
      type: 'actions',
      elements: buttons.map((b) => ({
        type: 'button',
        text: plain(b.label, SLACK_LIMITS.button),
        url: b.url,
        action_id: b.id,
      })),
    });
  }
  blocks.push({
    type: 'context',
    elements: [
      mrkdwn(
        `${esc(summary.report.id)} · Mux environment ${esc(summary.environment)} · generated ${summary.generatedAt}`,
      ),
    ],
  });
  return {
    // The notification a phone shows: escaped like every block (it is mrkdwn too).
    text: clipEscaped(esc(`${summary.report.title}: ${summary.headline}`), SLACK_LIMITS.text),
    blocks: blocks.slice(0, SLACK_LIMITS.blocks),
  };
}

export const sendSlack: ChannelSend<'slack'> = async (channel, ctx) => {
  const url = checkedUrl('slack', await ctx.secrets(channel.webhookSecret), channel.webhookSecret);
  const res = await postJson('slack', url, JSON.stringify(slackMessage(ctx.summary)), {}, ctx.post);
  return { httpStatus: res.status, sentAt: ctx.now().toISOString() };
};

/**
 * A signed webhook: the snapshot summary (summary.ts) as JSON (format/encode.ts `jsonText`), signed (signature.ts), with the delivery id so a
 * receiver can drop a duplicate of its own (at-least-once networks: a 2xx lost on the way back is re-sent on retry);
 * the v2 signature covers that id, so a replay under a new id does not verify.
 */
import { jsonText } from '../../format/encode.js';
import type { ChannelSend } from './context.js';
import { checkedUrl, postJson } from './http-post.js';
import { signatureHeaders } from './signature.js';

export const sendWebhook: ChannelSend<'webhook'> = async (channel, ctx) => {
  const url = checkedUrl('webhook', await ctx.secrets(channel.urlSecret), channel.urlSecret);
  const key = await ctx.secrets(channel.signingSecret);
  // jsonText: JSON.stringify plus U+2028/2029 and `<>&` as \u escapes, so a Mux value cannot end a line in a
  // receiver that treats the body as JavaScript or embeds it in HTML; it parses to the same values.
  const body = jsonText(ctx.summary);
  const headers = signatureHeaders(key, body, ctx.now(), ctx.deliveryId);
  const res = await postJson('webhook', url, body, headers, ctx.post);
  return { httpStatus: res.status, sentAt: ctx.now().toISOString() };
};

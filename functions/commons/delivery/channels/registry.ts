/** Every channel a report can use, one line each (their config is config/channels.ts). */
import type { ChannelType } from '../../config/channels.js';
import type { ChannelSend } from './context.js';
import { sendSlack } from './slack.js';
import { sendTeams } from './teams.js';
import { sendWebhook } from './webhook.js';

export const CHANNELS: { [T in ChannelType]: ChannelSend<T> } = {
  email: (_channel, ctx) => ctx.deliverEmail(),
  slack: sendSlack,
  teams: sendTeams,
  webhook: sendWebhook,
};

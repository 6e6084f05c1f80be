/** What a channel's send receives, and what it answers (channels/registry.ts lists the channels). */
import type { ChannelConfig } from '../../config/channels.js';
import type { PostOptions } from './http-post.js';
import type { ChannelSecrets } from './secrets.js';
import type { SnapshotSummary } from './summary.js';

export interface ChannelRunContext {
  summary: SnapshotSummary;
  /** The idempotency key of this (report, period, channel): sent to webhook receivers so they can dedupe too. */
  deliveryId: string;
  secrets: ChannelSecrets;
  now: () => Date;
  post: PostOptions;
  /** The email channel: archive-aware `deliverReport` with the shared force nonce (deliver-channels.ts). */
  deliverEmail: () => Promise<{ status: 'sent' | 'already-sent' | 'in-progress'; messageIds: string[] }>;
}

/** What a chat/webhook send stores in the idempotency record: tiny, never the message. */
export interface ChannelSent extends Record<string, unknown> {
  httpStatus: number;
  sentAt: string;
}

export type ChannelSend<T extends ChannelConfig['type']> = (
  channel: Extract<ChannelConfig, { type: T }>,
  ctx: ChannelRunContext,
) => Promise<ChannelSent | { status: 'sent' | 'already-sent' | 'in-progress'; messageIds: string[] }>;

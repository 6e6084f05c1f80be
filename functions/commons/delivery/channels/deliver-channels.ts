/**
 * Archive, decide (`sendWhen`), then send every channel of the report exactly once.
 *
 * 1. The snapshot (+ html/txt when `archive.renderedEmail`) is archived first and always, even when `sendWhen`
 *    says no: the history has every period. A failure here throws before anything is sent or recorded.
 * 2. `sendWhen` is judged from the snapshot (send-when.ts); `force` bypasses it (an explicit resend).
 * 3. Channels are sent concurrently and independently: each is once per (report, period, channel), keyed
 *    `${reportId}[#segment=<value>]#${periodKey}[#force:<nonce>]#channel:<type:secret>` in the idempotency table (email is recorded
 *    per recipient, deliver.ts). One channel failing never stops another. When any failed, this throws a
 *    `ChannelDeliveryError` after all have finished: the invocation fails and is retried (Lambda async retries,
 *    an on-demand caller's retry), and on the retry the channels that succeeded find their record and do nothing,
 *    so only the failed ones are sent again.
 * 4. A send to chosen `recipients` is email only, recorded per recipient (recipient-deliveries.ts): the chat
 *    channels are `skipped` and stay unsent, so the full send of the period still sends them and the email to the
 *    recipients not yet reached.
 */
import { randomUUID } from 'node:crypto';
import type { ChannelConfig } from '../../config/channels.js';
import { channelKey } from '../../config/lookup.js';
import type { ReportConfig } from '../../config/schema.js';
import {
  type BatchStatus,
  type DeliverReportInput,
  type DeliveryLogger,
  type DeliveryResult,
  deliverReport,
  idempotencyBaseKey,
} from '../deliver.js';
import { DeliveryError, RecipientsWithoutEmailError } from '../errors.js';
import { onceStore } from '../once.js';
import { decideSend, type SendDecision } from '../send-when.js';
import type { ChannelRunContext, ChannelSend, ChannelSent } from './context.js';
import type { PostOptions } from './http-post.js';
import { CHANNELS } from './registry.js';
import { type ChannelSecrets, secretsManagerChannelSecrets } from './secrets.js';
import { summarize } from './summary.js';

export type DeliveryStatus = BatchStatus | 'skipped';

export interface ChannelOutcome {
  /** `email`, `slack:<secret>`, … (config/channels.ts `channelKey`). */
  channel: string;
  type: ChannelConfig['type'];
  /** `skipped`: not part of this send (a send to chosen recipients is email only). */
  status: BatchStatus | 'failed' | 'skipped';
  /** One line, no secret: why it failed. */
  error?: string;
}

export interface ChannelSetup {
  secrets?: ChannelSecrets;
  post?: PostOptions;
  /** Region of the S3 console links (default AWS_REGION). */
  region?: string;
}

export interface DeliverChannelsInput extends Omit<DeliverReportInput, 'report' | 'archived'> {
  report: Pick<ReportConfig, 'id' | 'from' | 'replyTo' | 'recipients' | 'archive' | 'channels' | 'sendWhen'> &
    Partial<Pick<ReportConfig, 'audience'>>;
  channelSetup?: ChannelSetup;
  now?: () => Date;
}

export interface ChannelsDeliveryResult extends Omit<DeliveryResult, 'status'> {
  /** `skipped`: `sendWhen` said no (archived, nothing sent). */
  status: DeliveryStatus;
  decision: SendDecision;
  channels: ChannelOutcome[];
}

export class ChannelDeliveryError extends DeliveryError {
  override readonly name = 'ChannelDeliveryError';
  constructor(readonly outcomes: ChannelOutcome[]) {
    const failed = outcomes.filter((o) => o.status === 'failed');
    super(
      `${failed.length} of ${outcomes.length} channels failed (the others are done and will not be resent): ` +
        failed.map((o) => `${o.channel}: ${o.error}`).join('; '),
    );
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function aggregate(statuses: BatchStatus[]): BatchStatus {
  return statuses.includes('in-progress') ? 'in-progress' : statuses.includes('sent') ? 'sent' : 'already-sent';
}

export async function deliverChannels(input: DeliverChannelsInput): Promise<ChannelsDeliveryResult> {
  const { report, snapshot } = input;
  const now = input.now ?? (() => new Date());
  const logger: DeliveryLogger = input.logger ?? { info: () => {}, warn: () => {} };
  const periodKey = snapshot.period.key;
  if (snapshot.report.id !== report.id) {
    throw new DeliveryError(`snapshot is for report ${snapshot.report.id}, not ${report.id}`);
  }
  const subset = input.recipients !== undefined;
  if (subset && !report.channels.some((c) => c.type === 'email')) {
    throw new RecipientsWithoutEmailError(report.id);
  }
  const forceNonce = input.force ? (typeof input.force === 'string' ? input.force : randomUUID()) : null;
  const baseKey = idempotencyBaseKey(report.id, periodKey, forceNonce, snapshot.report.segment?.value);

  // 1. Archive first and always.
  const archived = await input.store.put(
    snapshot,
    report.archive.renderedEmail ? { html: input.email.html, text: input.email.text } : undefined,
  );

  // 2. Decide.
  const decision: SendDecision = forceNonce
    ? { send: true, reason: 'forced resend: sendWhen not applied' }
    : decideSend(report.sendWhen, snapshot);
  const result: ChannelsDeliveryResult = {
    status: 'skipped',
    decision,
    channels: [],
    snapshotKey: archived.key,
    snapshotLocation: archived.location,
    messageIds: [],
    idempotencyKey: input.idempotency ? baseKey : null,
    forced: forceNonce !== null,
    batches: [],
    recipients: [],
    emlKey: null,
  };
  if (!decision.send) {
    logger.info('report archived, not sent', { reportId: report.id, periodKey, reason: decision.reason });
    return result;
  }

  // 3. Send every channel, independently.
  const once = onceStore(input.idempotency, input.lambdaContext);
  const setup = input.channelSetup ?? {};
  const htmlKey = report.archive.renderedEmail ? archived.written.find((k) => k.endsWith('/report.html')) : undefined;
  const summary = summarize(archived.snapshot, {
    archivedHtml: htmlKey ? input.store.locationOf(htmlKey) : null,
    ...(setup.region ? { region: setup.region } : {}),
  });
  const secrets = setup.secrets ?? secretsManagerChannelSecrets();
  let email: DeliveryResult | undefined;

  const sendOne = async (channel: ChannelConfig): Promise<ChannelOutcome> => {
    const id = channelKey(channel);
    // A send to chosen recipients is their email only: it neither sends nor records the chat channels, so the
    // full send of the period still sends them (and the email to everyone else, recipient-deliveries.ts).
    if (subset && channel.type !== 'email') return { channel: id, type: channel.type, status: 'skipped' };
    const deliveryId = `${baseKey}#channel:${id}`;
    const ctx: ChannelRunContext = {
      summary,
      deliveryId,
      secrets,
      now,
      post: setup.post ?? {},
      deliverEmail: async () => {
        email = await deliverReport({ ...input, ...(forceNonce ? { force: forceNonce } : {}), archived });
        return { status: email.status, messageIds: email.messageIds };
      },
    };
    // Types line up per channel in the registry; here the union is dispatched by its tag.
    const send = CHANNELS[channel.type] as ChannelSend<ChannelConfig['type']>;
    const run = () => send(channel, ctx);
    try {
      if (channel.type === 'email') {
        const outcome = (await run()) as { status: BatchStatus };
        return { channel: id, type: channel.type, status: outcome.status };
      }
      const outcome = await once(deliveryId, async () => (await run()) as ChannelSent);
      const status: BatchStatus =
        outcome.status === 'done' ? 'sent' : outcome.status === 'already-done' ? 'already-sent' : 'in-progress';
      return { channel: id, type: channel.type, status };
    } catch (error) {
      logger.warn('channel failed; the others go on, the invocation will be retried', {
        reportId: report.id,
        periodKey,
        channel: id,
        error: message(error),
      });
      return { channel: id, type: channel.type, status: 'failed', error: message(error) };
    }
  };

  result.channels = await Promise.all(report.channels.map(sendOne));
  if (email) {
    result.messageIds = email.messageIds;
    result.batches = email.batches;
    result.recipients = email.recipients;
    result.emlKey = email.emlKey;
    if (email.unsubscribed !== undefined) result.unsubscribed = email.unsubscribed;
    if (email.suppressed !== undefined) result.suppressed = email.suppressed;
  }
  logger.info('channels delivered', { reportId: report.id, periodKey, channels: result.channels });
  if (result.channels.some((o) => o.status === 'failed')) throw new ChannelDeliveryError(result.channels);
  result.status = aggregate(result.channels.flatMap((o) => (o.status === 'skipped' ? [] : [o.status as BatchStatus])));
  return result;
}

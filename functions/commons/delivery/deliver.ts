/**
 * Archive, then send exactly once.
 *
 * 1. The snapshot (+ html/txt when `archive.renderedEmail`) is written to the store. If that fails,
 *    nothing is sent and nothing is recorded.
 * 2. Each recipient gets the email once (recipient-deliveries.ts): per batch of ≤ 50 addresses, the addresses are
 *    claimed in the DynamoDB idempotency table (Powertools records, key
 *    `${reportId}[#segment=<value>]#${periodKey}[#force:<nonce>]#to:<address>`), one message goes to the claimed
 *    ones, and their records are completed with the SES message id. So a send to some recipients never blocks the
 *    send to the others, and a failure in batch 3 of 10 does not resend batches 1–2 on retry. A send that throws
 *    releases its claims, so a retry sends; no "sent" record exists without an accepted SES message. Concurrent
 *    duplicates see in-progress records → `in-progress`; sequential ones see completed records → `already-sent`.
 * 3. `message.eml` (the first message this call sent) is archived after a successful send; failing to archive it is
 *    logged, not thrown (throwing would make the caller retry a delivery that already happened).
 *
 * Stored idempotency results are tiny (message id, snapshot key, time), never HTML (once.ts).
 * With `archived` (channels/deliver-channels.ts archives once for every channel), step 1 is skipped.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import type { ReportConfig } from '../config/schema.js';
import type { Snapshot } from '../report/snapshot-schema.js';
import { boundedKeyPart, type PutSnapshotResult, type SnapshotStore } from '../report/snapshot-store.js';
import { normaliseAddress } from './address.js';
import { reportTags } from './message-tags.js';
import {
  buildMime,
  DeliveryError,
  deterministicMessageId,
  inBatches,
  planRecipientBatches,
  type RenderedEmail,
} from './mime.js';
import type { IdempotencyOptions, LambdaContextLike } from './once.js';
import {
  type RecipientOutcome,
  type RecipientStatus,
  recipientLedger,
  type SentMessage,
  sendOncePerRecipient,
} from './recipient-deliveries.js';
import type { EmailSender } from './ses-sender.js';
import { sendPerAddress, type UnsubscribeSetup } from './unsubscribe/per-address.js';
import type { SuppressionList } from './unsubscribe/suppressions.js';

export {
  DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS,
  IDEMPOTENCY_KEY_PREFIX,
  type IdempotencyOptions,
  type LambdaContextLike,
} from './once.js';

export interface DeliveryLogger {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
}

export interface DeliverReportInput {
  snapshot: Snapshot;
  email: RenderedEmail;
  report: Pick<ReportConfig, 'id' | 'from' | 'replyTo' | 'recipients' | 'archive'> &
    Partial<Pick<ReportConfig, 'audience'>>;
  /** Subset of `report.recipients`; default all. */
  recipients?: string[];
  /** Explicit resend: `true` (random nonce) or a nonce string (retries of the same resend stay idempotent). */
  force?: boolean | string;
  store: SnapshotStore;
  sender: EmailSender;
  /** `null`: no table (local CLI), send directly. */
  idempotency: IdempotencyOptions | null;
  lambdaContext?: LambdaContextLike;
  logger?: DeliveryLogger;
  /** The snapshot was archived already (by the channel delivery): do not write it again. */
  archived?: PutSnapshotResult;
  /** The public unsubscribe route; required by customer-facing reports (audience "external"). */
  unsubscribe?: UnsubscribeSetup;
  /** Bounced and complaining addresses, skipped by every report (the stack's table; none locally). */
  suppressions?: SuppressionList;
}

export type BatchStatus = RecipientStatus;

export interface BatchOutcome {
  batchIndex: number;
  recipientCount: number;
  status: BatchStatus;
  messageId: string | null;
}

export interface DeliveryResult {
  /** `sent` if this call sent anything; `in-progress` if another invocation holds a batch; else `already-sent`. */
  status: BatchStatus;
  snapshotKey: string;
  snapshotLocation: string;
  messageIds: string[];
  /** Base key (without the batch suffix); null without idempotency. */
  idempotencyKey: string | null;
  forced: boolean;
  /** The messages behind this delivery: sent now, sent before (`already-sent`), or held by another invocation. */
  batches: BatchOutcome[];
  /** One outcome per requested recipient (recipient-deliveries.ts). */
  recipients: RecipientOutcome[];
  /** Key of the archived `message.eml`, when written by this call. */
  emlKey: string | null;
  /** Customer-facing reports: configured addresses skipped because they unsubscribed. */
  unsubscribed?: number;
  /** Addresses skipped because they hard-bounced or complained (present when a suppression list is set up). */
  suppressed?: number;
}

/**
 * The recipients grouped by message: one outcome per SES message id (sent now or before), and one for the addresses
 * another invocation holds. `batchIndex` is the batch the message was sent as.
 */
function batchOutcomes(recipients: readonly RecipientOutcome[]): BatchOutcome[] {
  const byMessage = new Map<string, BatchOutcome>();
  for (const r of recipients) {
    const group = r.status === 'in-progress' ? 'in-progress' : String(r.messageId);
    const outcome = byMessage.get(group);
    if (outcome) outcome.recipientCount++;
    else {
      const status: BatchStatus = r.status;
      byMessage.set(group, { batchIndex: r.batchIndex ?? -1, recipientCount: 1, status, messageId: r.messageId });
    }
  }
  return [...byMessage.values()];
}

/**
 * The planned batches without the suppressed addresses, re-batched (one read of just these addresses). All of them
 * suppressed leaves no batch: nothing is sent, and the result says how many were skipped.
 */
async function withoutSuppressed(
  planned: string[][],
  list: SuppressionList | undefined,
): Promise<{ batches: string[][]; suppressed: number }> {
  if (!list) return { batches: planned, suppressed: 0 };
  const all = planned.flat();
  const stopped = new Set((await list.suppressed(all)).map((s) => normaliseAddress(s.address)));
  if (stopped.size === 0) return { batches: planned, suppressed: 0 };
  const remaining = all.filter((address) => !stopped.has(normaliseAddress(address)));
  return { batches: inBatches(remaining), suppressed: all.length - remaining.length };
}

let defaultLogger: DeliveryLogger | undefined;
function getDefaultLogger(): DeliveryLogger {
  if (!defaultLogger) {
    const logger = new Logger({ serviceName: 'mux-qoe-reports' });
    defaultLogger = {
      info: (message, extra) => logger.info(message, { ...extra }),
      warn: (message, extra) => logger.warn(message, { ...extra }),
    };
  }
  return defaultLogger;
}

/**
 * `segment`: a fan-out value (config/fan-out.ts), percent-encoded so a `#` in it cannot forge another key, and
 * bounded like the archive keys (`boundedKeyPart`: the same key as before for every value that fitted).
 */
export function idempotencyBaseKey(
  reportId: string,
  periodKey: string,
  forceNonce: string | null,
  segment?: string,
): string {
  const seg = segment === undefined ? '' : `#segment=${boundedKeyPart(segment)}`;
  return `${reportId}${seg}#${periodKey}${forceNonce ? `#force:${forceNonce}` : ''}`;
}

export async function deliverReport(input: DeliverReportInput): Promise<DeliveryResult> {
  const logger = input.logger ?? getDefaultLogger();
  const { report, snapshot } = input;
  const periodKey = snapshot.period.key;
  if (snapshot.report.id !== report.id) {
    throw new DeliveryError(`snapshot is for report ${snapshot.report.id}, not ${report.id}`);
  }
  // The config refuses an email channel without a sender (config/schema.ts); this is the type's proof of it.
  const from = report.from;
  if (from === undefined) throw new DeliveryError(`report ${report.id} has no "from" address to send email from`);
  // Refuse strangers before any side effect.
  const planned = planRecipientBatches(input.recipients ?? report.recipients, report.recipients);
  // Addresses that hard-bounced or complained are mailed by no report (unsubscribe/suppressions.ts).
  const { batches, suppressed } = await withoutSuppressed(planned, input.suppressions);

  const forceNonce = input.force ? (typeof input.force === 'string' ? input.force : randomUUID()) : null;
  const baseKey = idempotencyBaseKey(report.id, periodKey, forceNonce, snapshot.report.segment?.value);
  if (forceNonce) {
    logger.warn('forced resend requested: bypassing the already-sent record', {
      reportId: report.id,
      periodKey,
      idempotencyKey: baseKey,
      recipientCount: batches.flat().length,
    });
  }

  // 1. Archive first: a failure here throws before anything is sent or recorded.
  const keepRendered = report.archive.renderedEmail;
  const archived =
    input.archived ??
    (await input.store.put(snapshot, keepRendered ? { html: input.email.html, text: input.email.text } : undefined));

  // 2. Send each recipient once (recipient-deliveries.ts): one message per batch to the addresses not yet sent to.
  const segment = snapshot.report.segment?.value;
  const sendBatch = async (batchIndex: number, to: string[]): Promise<SentMessage> => {
    const mime = {
      reportId: report.id,
      periodKey,
      from,
      to,
      batchIndex,
      segment,
      messageIdSalt: forceNonce ?? undefined,
    };
    const raw = await buildMime({ ...mime, email: input.email, replyTo: report.replyTo });
    const messageId = await input.sender.sendRaw({ raw, from, to, tags: reportTags(report.id) });
    return { messageId, messageIdHeader: deterministicMessageId(mime), raw };
  };
  const ledger = recipientLedger(input.idempotency, baseKey, input.lambdaContext);
  const onReleaseFailed = (error: unknown) =>
    logger.warn('send failed and its recipient records could not be released (they expire)', {
      idempotencyKey: baseKey,
      error: error instanceof Error ? error.message : String(error),
    });
  // Customer-facing reports: one message per address, each with its own unsubscribe link (unsubscribe/per-address.ts).
  const personal =
    report.audience === 'external'
      ? await sendPerAddress({
          reportId: report.id,
          segment: segment ?? null,
          periodKey,
          from,
          replyTo: report.replyTo,
          email: input.email,
          recipients: batches.flat(),
          forceNonce,
          setup: input.unsubscribe,
          sender: input.sender,
          ledger,
          snapshotKey: archived.key,
          onReleaseFailed,
        })
      : undefined;
  // Every address suppressed: nothing to send, and not a failure to retry (the warning and the count say why).
  if (batches.length === 0) {
    logger.warn('every recipient of this delivery hard-bounced or complained: no email sent', {
      reportId: report.id,
      periodKey,
      suppressedSkipped: suppressed,
    });
  }
  const { recipients, sent } =
    personal ??
    (batches.length === 0
      ? { recipients: [], sent: [] }
      : await sendOncePerRecipient({ ledger, batches, snapshotKey: archived.key, send: sendBatch, onReleaseFailed }));
  if (recipients.some((r) => r.status === 'in-progress')) {
    logger.info('another invocation is sending to a recipient of this delivery', { idempotencyKey: baseKey });
  }
  const outcomes = batchOutcomes(recipients);

  // 3. Archive what was actually sent (the first message of this call), best effort.
  const firstRaw = sent[0]?.raw;
  let emlKey: string | null = null;
  if (keepRendered && firstRaw) {
    try {
      emlKey = (await input.store.putArtifacts(archived.snapshot, { eml: firstRaw }))[0] ?? null;
    } catch (error) {
      logger.warn('email sent but message.eml could not be archived', {
        snapshotKey: archived.key,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  const status: BatchStatus = outcomes.some((o) => o.status === 'in-progress')
    ? 'in-progress'
    : outcomes.some((o) => o.status === 'sent')
      ? 'sent'
      : 'already-sent';
  const result: DeliveryResult = {
    status,
    snapshotKey: archived.key,
    snapshotLocation: archived.location,
    messageIds: outcomes.flatMap((o) => (o.messageId ? [o.messageId] : [])),
    idempotencyKey: input.idempotency ? baseKey : null,
    forced: forceNonce !== null,
    batches: outcomes,
    recipients,
    emlKey: emlKey ?? null,
    ...(personal ? { unsubscribed: personal.unsubscribed } : {}),
    ...(input.suppressions ? { suppressed } : {}),
  };
  logger.info('delivery finished', {
    reportId: report.id,
    periodKey,
    status,
    messageIds: result.messageIds,
    snapshotKey: archived.key,
    ...(personal ? { unsubscribedSkipped: personal.unsubscribed } : {}),
    ...(input.suppressions ? { suppressedSkipped: suppressed } : {}),
  });
  return result;
}

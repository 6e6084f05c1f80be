/**
 * Archive, then send exactly once.
 *
 * 1. The snapshot (+ html/txt when `archive.renderedEmail`) is written to the store. If that fails,
 *    nothing is sent and nothing is recorded.
 * 2. Each recipient batch (≤ 50 addresses) is sent through Powertools Idempotency backed by DynamoDB,
 *    keyed `${reportId}[#segment=<value>]#${periodKey}[#force:<nonce>]#batch:<i>`. Per-batch keys mean a failure in batch
 *    3 of 10 does not resend batches 1–2 on retry. A send that throws deletes its in-progress record
 *    (Powertools), so a retry sends; no "sent" record exists without an accepted SES message.
 *    Concurrent duplicates see an in-progress record → `in-progress` (someone else is sending);
 *    sequential duplicates get the stored result → `already-sent`.
 * 3. `message.eml` (first batch) is archived after a successful send; failing to archive it is
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
import { buildMime, DeliveryError, planRecipientBatches, type RenderedEmail } from './mime.js';
import { type IdempotencyOptions, type LambdaContextLike, onceStore } from './once.js';
import type { EmailSender } from './ses-sender.js';

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
  report: Pick<ReportConfig, 'id' | 'from' | 'replyTo' | 'recipients' | 'archive'>;
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
}

export type BatchStatus = 'sent' | 'already-sent' | 'in-progress';

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
  batches: BatchOutcome[];
  /** Key of the archived `message.eml`, when written by this call. */
  emlKey: string | null;
}

/** What Powertools stores per batch. */
interface StoredSend extends Record<string, unknown> {
  messageId: string;
  snapshotKey: string;
  sentAt: string;
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
  const batches = planRecipientBatches(input.recipients ?? report.recipients, report.recipients);

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

  // 2. Send each batch once.
  const sendBatch = async (batchIndex: number, to: string[]): Promise<{ stored: StoredSend; raw: Buffer }> => {
    const raw = await buildMime({
      email: input.email,
      reportId: report.id,
      periodKey,
      from,
      replyTo: report.replyTo,
      to,
      batchIndex,
      messageIdSalt: forceNonce ?? undefined,
    });
    const messageId = await input.sender.sendRaw({ raw, from, to });
    return { stored: { messageId, snapshotKey: archived.key, sentAt: new Date().toISOString() }, raw };
  };

  const outcomes: BatchOutcome[] = [];
  let firstRaw: Buffer | undefined;

  const once = onceStore(input.idempotency, input.lambdaContext);
  for (const [batchIndex, to] of batches.entries()) {
    let raw: Buffer | undefined;
    const key = `${baseKey}#batch:${batchIndex}`;
    const outcome = await once(key, async () => {
      const result = await sendBatch(batchIndex, to);
      raw = result.raw;
      return result.stored;
    });
    if (outcome.status === 'in-progress') {
      logger.info('another invocation is sending this batch', { idempotencyKey: key });
      outcomes.push({ batchIndex, recipientCount: to.length, status: 'in-progress', messageId: null });
      continue;
    }
    if (batchIndex === 0 && raw) firstRaw = raw;
    const status: BatchStatus = outcome.status === 'done' ? 'sent' : 'already-sent';
    outcomes.push({ batchIndex, recipientCount: to.length, status, messageId: outcome.stored.messageId });
  }

  // 3. Archive what was actually sent (first batch), best effort.
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
    emlKey: emlKey ?? null,
  };
  logger.info('delivery finished', {
    reportId: report.id,
    periodKey,
    status,
    messageIds: result.messageIds,
    snapshotKey: archived.key,
  });
  return result;
}

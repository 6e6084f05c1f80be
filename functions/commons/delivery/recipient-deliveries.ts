/**
 * Exactly once per recipient: who has had this period's email (issue 23 §5).
 *
 * One record per (delivery, recipient) in the idempotency table, key `<base>#to:<address, trimmed, lower case>`
 * (`<base>` = `report[#segment=…]#period[#force:…]`, deliver.ts `idempotencyBaseKey`; Powertools stores only a hash
 * of it, so no address is readable in the table). A send:
 *
 * 1. takes the requested recipients in batches of ≤ 50 (SES's per-message limit) and **claims** each address with a
 *    conditional write (Powertools `saveInProgress`: succeeds only when no live record exists). An address whose
 *    record is COMPLETED is `already-sent` (its stored SES message id is reported); one whose record is in progress
 *    is `in-progress` (another invocation is sending to it).
 * 2. sends **one message to the claimed addresses** of the batch;
 * 3. on success **completes** their records with the SES message id, our Message-ID header, the snapshot key and
 *    the time; on failure **releases** them (deletes the in-progress records) and throws, so a retry sends to them.
 *
 * So a send to a subset records only that subset; the full send after it reaches exactly the others, and a retry
 * after a failure in batch 3 of 10 does not resend batches 1–2. Concurrent duplicates may split the recipients
 * between them (each address still gets one message).
 *
 * Crash windows (docs/reliability.md): a crash between claim and send, or between SES accepting the message and the
 * completion, leaves in-progress records that expire after the invocation's remaining time (Lambda) or
 * `inProgressTimeoutMs` (local, 15 min); a retry after that sends to those addresses — in the second window, again.
 *
 * API (for other senders, e.g. per-address mail): `recipientLedger(options, baseKey)` gives `claim`, `complete` and
 * `release` over addresses; `sendOncePerRecipient` runs the claim → send → complete/release loop over batches with
 * any `send(batchIndex, to)` and returns one outcome per address. `null` options (local CLI, no table): every address
 * is claimed and nothing is recorded.
 */
import { IdempotencyRecordStatus } from '@aws-lambda-powertools/idempotency';
import { normaliseAddress } from './address.js';
import { DeliveryError } from './errors.js';
import {
  IDEMPOTENCY_KEY_PREFIX,
  type IdempotencyOptions,
  type LambdaContextLike,
  persistenceFor,
  tableError,
} from './once.js';

/** What a completed recipient record holds (small: ids and times, never an address or a body). */
export interface RecipientSend extends Record<string, string | number> {
  /** The id SES returned for the message (its own Message-ID on the wire). */
  messageId: string;
  /** The Message-ID header we set (mime.ts `deterministicMessageId`): what the archived `.eml` carries. */
  messageIdHeader: string;
  snapshotKey: string;
  sentAt: string;
  /** Index of the batch this address was sent in. */
  batchIndex: number;
}

export type Claim =
  | { address: string; status: 'claimed' }
  | { address: string; status: 'already-sent'; stored: RecipientSend }
  | { address: string; status: 'in-progress' };

export interface RecipientLedger {
  /** Claims every address (concurrently); the answer is in the order asked. */
  claim(addresses: readonly string[]): Promise<Claim[]>;
  /** Marks claimed addresses as sent. */
  complete(addresses: readonly string[], stored: RecipientSend): Promise<void>;
  /** Gives claimed addresses back (their send failed): a retry sends to them. */
  release(addresses: readonly string[]): Promise<void>;
}

export { normaliseAddress };

export function recipientKey(baseKey: string, address: string): string {
  return `${baseKey}#to:${normaliseAddress(address)}`;
}

const NO_LEDGER: RecipientLedger = {
  claim: async (addresses) => addresses.map((address) => ({ address, status: 'claimed' as const })),
  complete: async () => {},
  release: async () => {},
};

interface ExistingRecord {
  getStatus(): string;
  responseData?: unknown;
}

function isRecipientSend(value: unknown): value is RecipientSend {
  return (
    typeof value === 'object' && value !== null && typeof (value as { messageId?: unknown }).messageId === 'string'
  );
}

export function recipientLedger(
  options: IdempotencyOptions | null,
  baseKey: string,
  lambdaContext?: LambdaContextLike,
): RecipientLedger {
  if (options === null) return NO_LEDGER;
  const { store, config, remainingMs } = persistenceFor(options, lambdaContext);
  store.configure({ config, keyPrefix: IDEMPOTENCY_KEY_PREFIX });
  const payload = (address: string) => ({ key: recipientKey(baseKey, address) });
  // The error names the base key and the position, not the address (errors reach logs and HTTP answers).
  const failed = (what: string, i: number, n: number, error: unknown) =>
    tableError(options.tableName, `${baseKey} (${what} recipient ${i + 1} of ${n})`, error, true);

  const claimOne = async (address: string, i: number, n: number): Promise<Claim> => {
    try {
      await store.saveInProgress(payload(address), remainingMs());
      return { address, status: 'claimed' };
    } catch (error) {
      if (error instanceof Error && error.name === 'IdempotencyItemAlreadyExistsError') {
        // Like Powertools' own handler: the record comes with the error when DynamoDB returns it (ALL_OLD), else
        // it is read. Gone in between (released or expired): another invocation holds or held it, so in progress.
        const existing =
          (error as Error & { existingRecord?: ExistingRecord }).existingRecord ??
          (await store.getRecord(payload(address)).catch(() => undefined));
        if (existing?.getStatus() === IdempotencyRecordStatus.COMPLETED && isRecipientSend(existing.responseData)) {
          return { address, status: 'already-sent', stored: existing.responseData };
        }
        return { address, status: 'in-progress' };
      }
      throw failed('claiming', i, n, error);
    }
  };

  return {
    claim: (addresses) => Promise.all(addresses.map((a, i) => claimOne(a, i, addresses.length))),
    async complete(addresses, stored) {
      await Promise.all(
        addresses.map((a, i) =>
          store.saveSuccess(payload(a), stored).catch((error: unknown) => {
            throw failed('completing', i, addresses.length, error);
          }),
        ),
      );
    },
    async release(addresses) {
      await Promise.all(
        addresses.map((a, i) =>
          store.deleteRecord(payload(a)).catch((error: unknown) => {
            throw failed('releasing', i, addresses.length, error);
          }),
        ),
      );
    },
  };
}

export type RecipientStatus = 'sent' | 'already-sent' | 'in-progress';

export interface RecipientOutcome {
  address: string;
  status: RecipientStatus;
  /** SES message id (this call's or the stored one); null while another invocation holds the address. */
  messageId: string | null;
  batchIndex: number | null;
}

export interface SentMessage {
  messageId: string;
  messageIdHeader: string;
  /** The raw message, for the archive. */
  raw: Buffer;
}

export interface SendOncePerRecipientInput {
  ledger: RecipientLedger;
  /** Batches of addresses (planRecipientBatches: configured, unique, ≤ 50 each). */
  batches: readonly (readonly string[])[];
  snapshotKey: string;
  /** Sends one message to `to` (the claimed addresses of batch `batchIndex`). */
  send(batchIndex: number, to: string[]): Promise<SentMessage>;
  now?: () => Date;
  /** Told when a send failed and its claims could not be released (they expire; the send error is thrown). */
  onReleaseFailed?: (error: unknown) => void;
}

export interface SendOncePerRecipientResult {
  recipients: RecipientOutcome[];
  /** Messages this call sent, in order. */
  sent: (SentMessage & { batchIndex: number; to: string[] })[];
}

export async function sendOncePerRecipient(input: SendOncePerRecipientInput): Promise<SendOncePerRecipientResult> {
  const now = input.now ?? (() => new Date());
  const recipients: RecipientOutcome[] = [];
  const sent: SendOncePerRecipientResult['sent'] = [];
  for (const [batchIndex, batch] of input.batches.entries()) {
    const claims = await input.ledger.claim(batch);
    const to = claims.filter((c) => c.status === 'claimed').map((c) => c.address);
    let message: SentMessage | undefined;
    if (to.length > 0) {
      try {
        message = await input.send(batchIndex, to);
      } catch (error) {
        await input.ledger.release(to).catch((releaseError: unknown) => input.onReleaseFailed?.(releaseError));
        throw error;
      }
      await input.ledger.complete(to, {
        messageId: message.messageId,
        messageIdHeader: message.messageIdHeader,
        snapshotKey: input.snapshotKey,
        sentAt: now().toISOString(),
        batchIndex,
      });
      sent.push({ ...message, batchIndex, to });
    }
    for (const claim of claims) {
      if (claim.status === 'claimed') {
        recipients.push({ address: claim.address, status: 'sent', messageId: message?.messageId ?? null, batchIndex });
      } else if (claim.status === 'already-sent') {
        recipients.push({
          address: claim.address,
          status: 'already-sent',
          messageId: claim.stored.messageId,
          batchIndex: claim.stored.batchIndex,
        });
      } else {
        recipients.push({ address: claim.address, status: 'in-progress', messageId: null, batchIndex: null });
      }
    }
  }
  if (recipients.length === 0) throw new DeliveryError('no recipients to send to');
  return { recipients, sent };
}

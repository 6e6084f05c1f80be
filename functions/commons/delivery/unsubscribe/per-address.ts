/**
 * The send of a customer-facing report (config/audience.ts): one message per address, never a shared `To`,
 * because each message carries the address's own unsubscribe link.
 *
 * 1. The (report, segment)'s unsubscribes are read once (one Query, store.ts); those addresses are skipped.
 * 2. Each remaining address is its own one-address batch of the per-recipient ledger (recipient-deliveries.ts,
 *    key `<base>#to:<address>`): a retry after a failure at address 40 of 300 does not resend the first 39, and an
 *    address added to the list later is not blocked by the others' records.
 * 3. Each message gets RFC 8058 one-click headers: `List-Unsubscribe: <https://…?t=token>` and
 *    `List-Unsubscribe-Post: List-Unsubscribe=One-Click`; its footer says whom it is for and how to stop it.
 *
 * A report marked external without an unsubscribe setup is refused before anything is sent: mail a customer
 * cannot stop is what this module exists to prevent.
 */

import { reportTags } from '../message-tags.js';
import { buildMime, DeliveryError, deterministicMessageId, type MimeInput, type RenderedEmail } from '../mime.js';
import {
  type RecipientLedger,
  type SendOncePerRecipientResult,
  sendOncePerRecipient,
} from '../recipient-deliveries.js';
import type { EmailSender } from '../ses-sender.js';
import { hasPersonalFields, personalize } from './personalize.js';
import { normaliseAddress, type UnsubscribeStore } from './store.js';
import { ONE_CLICK_POST, unsubscribeUrl } from './token.js';

/** Where the links point and what they are checked against (settings/runtime.ts builds it in AWS). */
export interface UnsubscribeSetup {
  /** Base URL of the public unsubscribe route (the unsubscribe function's URL). */
  baseUrl: string;
  /** The HMAC key (Secrets Manager); read only when a customer-facing report is sent. */
  signingKey: () => Promise<string>;
  store: UnsubscribeStore;
}

export interface PerAddressInput {
  reportId: string;
  segment: string | null;
  periodKey: string;
  from: string;
  replyTo?: string | undefined;
  email: RenderedEmail;
  /** Checked against the report's list and de-duplicated already (mime.ts planRecipientBatches). */
  recipients: string[];
  forceNonce: string | null;
  setup: UnsubscribeSetup | undefined;
  sender: EmailSender;
  /** Who has had this period's email (deliver.ts builds it over `<base>#to:<address>` keys). */
  ledger: RecipientLedger;
  snapshotKey: string;
  onReleaseFailed?: (error: unknown) => void;
}

export interface PerAddressResult extends SendOncePerRecipientResult {
  /** How many configured addresses were skipped because they unsubscribed. */
  unsubscribed: number;
}

export async function sendPerAddress(input: PerAddressInput): Promise<PerAddressResult> {
  const { setup } = input;
  if (!setup) {
    throw new DeliveryError(
      `report ${input.reportId} is customer-facing (audience "external") but no unsubscribe route is set up ` +
        '(UNSUBSCRIBE_URL, UNSUBSCRIBE_TABLE, UNSUBSCRIBE_KEY_SECRET): refusing to send mail its recipients cannot stop',
    );
  }
  if (!hasPersonalFields(input.email)) {
    throw new DeliveryError(
      `report ${input.reportId} is customer-facing but its email was rendered without the unsubscribe footer`,
    );
  }
  const stopped = new Set(
    (await setup.store.unsubscribed(input.reportId, input.segment)).map((u) => normaliseAddress(u.address)),
  );
  const remaining = input.recipients.filter((address) => !stopped.has(normaliseAddress(address)));
  const unsubscribed = input.recipients.length - remaining.length;
  if (remaining.length === 0) return { recipients: [], sent: [], unsubscribed };
  const key = await setup.signingKey();
  const result = await sendOncePerRecipient({
    ledger: input.ledger,
    batches: remaining.map((address) => [address]),
    snapshotKey: input.snapshotKey,
    ...(input.onReleaseFailed ? { onReleaseFailed: input.onReleaseFailed } : {}),
    send: async (index, to) => {
      const address = to[0]!;
      const url = unsubscribeUrl(setup.baseUrl, { reportId: input.reportId, segment: input.segment, address }, key);
      const mime: MimeInput = {
        email: personalize(input.email, { recipient: address, unsubscribeUrl: url }),
        reportId: input.reportId,
        periodKey: input.periodKey,
        from: input.from,
        replyTo: input.replyTo,
        to,
        batchIndex: index,
        segment: input.segment ?? undefined,
        messageIdSalt: input.forceNonce ?? undefined,
        headers: { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': ONE_CLICK_POST },
      };
      const raw = await buildMime(mime);
      const messageId = await input.sender.sendRaw({ raw, from: input.from, to, tags: reportTags(input.reportId) });
      return { messageId, messageIdHeader: deterministicMessageId(mime), raw };
    },
  });
  return { ...result, unsubscribed };
}

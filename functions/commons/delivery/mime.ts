/**
 * Builds the raw MIME message (SES SendRawEmail input) with nodemailer's MailComposer:
 * multipart/alternative text + html, UTF-8, list and report headers, and a deterministic Message-ID
 * so receivers (and our own retries) can recognise the same message.
 *
 * Recipients: one message per batch of ≤ 50 addresses (SES's per-message limit), the batch in `To`.
 * These are internal team reports: a visible `To` keeps "reply all" useful. Envelope recipients are
 * passed to SES explicitly, so nothing depends on Bcc handling.
 */
import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { normaliseAddress } from './address.js';
import { DeliveryError, RecipientNotAllowedError } from './errors.js';

export const MAX_RECIPIENTS_PER_MESSAGE = 50;

/** What the renderer produces (`functions/commons/render`); only these fields are used here. */
export interface RenderedEmail {
  subject: string;
  preheader?: string;
  html: string;
  text: string;
}

export { DeliveryError, RecipientNotAllowedError };

export interface MimeInput {
  email: RenderedEmail;
  reportId: string;
  periodKey: string;
  from: string;
  replyTo?: string | undefined;
  /** This message's recipients (one batch). */
  to: string[];
  batchIndex: number;
  /** The fan-out segment value (config/fan-out.ts): each segment's message is its own. */
  segment?: string | undefined;
  /** Extra entropy for the Message-ID (a forced resend must not look like the original to receivers). */
  messageIdSalt?: string | undefined;
  /** Fixed Date header (tests); default now. */
  date?: Date;
  /** More headers, e.g. the one-click unsubscribe pair of a customer-facing message (unsubscribe/per-address.ts). */
  headers?: Record<string, string>;
}

/** Headers must be one line: CR/LF would let content inject headers. */
export function singleLine(value: string): string {
  return value
    .replace(/[\r\n]+/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at >= 0 ? address.slice(at + 1).toLowerCase() : 'mux-qoe-reports.invalid';
}

/**
 * `<mqr.hash.batch@from-domain>`, unique per distinct message: the hash covers the report, the fan-out segment, the
 * period, the batch, the forced-resend nonce and the batch's recipients (a send to some recipients and the later
 * send to the others are two messages), and is the same for a retry of the same message.
 */
export function deterministicMessageId(
  input: Pick<MimeInput, 'reportId' | 'periodKey' | 'batchIndex' | 'from' | 'messageIdSalt' | 'segment' | 'to'>,
): string {
  const to = input.to.map(normaliseAddress).sort().join(',');
  const parts = [input.reportId, input.segment ?? '', input.periodKey, String(input.batchIndex)];
  const hash = createHash('sha256')
    .update([...parts, input.messageIdSalt ?? '', to].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
  return `<mqr.${hash}.${input.batchIndex}@${domainOf(input.from)}>`;
}

/**
 * Checks that every requested recipient is configured for the report (case-insensitive), drops
 * duplicates, and splits into batches. Throws `DeliveryError` naming the first stranger.
 */
export function planRecipientBatches(
  requested: readonly string[],
  configured: readonly string[],
  batchSize = MAX_RECIPIENTS_PER_MESSAGE,
): string[][] {
  const allowed = new Set(configured.map(normaliseAddress));
  const seen = new Set<string>();
  const unique: string[] = [];
  for (const address of requested) {
    const key = normaliseAddress(address);
    if (!allowed.has(key)) {
      throw new RecipientNotAllowedError(address.trim());
    }
    if (!seen.has(key)) {
      seen.add(key);
      unique.push(address.trim());
    }
  }
  if (unique.length === 0) throw new DeliveryError('no recipients to send to');
  return inBatches(unique, batchSize);
}

/** Consecutive batches of at most `batchSize` addresses (SES takes ≤ 50 per message). */
export function inBatches(addresses: readonly string[], batchSize = MAX_RECIPIENTS_PER_MESSAGE): string[][] {
  const batches: string[][] = [];
  for (let i = 0; i < addresses.length; i += batchSize) batches.push(addresses.slice(i, i + batchSize));
  return batches;
}

export function buildMime(input: MimeInput): Promise<Buffer> {
  const composer = new MailComposer({
    from: input.from,
    ...(input.replyTo ? { replyTo: input.replyTo } : {}),
    to: input.to,
    subject: singleLine(input.email.subject),
    text: input.email.text,
    html: input.email.html,
    textEncoding: 'quoted-printable',
    messageId: deterministicMessageId(input),
    date: input.date ?? new Date(),
    headers: {
      'List-Id': `<${input.reportId}.mux-qoe-reports>`,
      'X-Report-Id': singleLine(input.reportId),
      'X-Report-Period': singleLine(input.periodKey),
      // Reports are machine-generated: ask auto-responders to stay quiet.
      'Auto-Submitted': 'auto-generated',
      ...input.headers,
    },
  });
  return new Promise((resolve, reject) => {
    composer.compile().build((error, message) => (error ? reject(error) : resolve(message)));
  });
}

/**
 * The sender a preview shows for a chat-only report (no email channel, so no `from`): the reserved `.invalid` TLD
 * (RFC 2606), so the previewed message can never be mistaken for a real one, let alone delivered.
 */
export const PREVIEW_ONLY_FROM = 'preview@mux-qoe-reports.invalid';

/** The message the report's first recipient batch would receive: what previews show (built, never sent). */
export function previewMime(
  email: RenderedEmail,
  report: { id: string; from?: string | undefined; replyTo?: string | undefined; recipients: string[] },
  periodKey: string,
  date?: Date,
  segment?: string,
): Promise<Buffer> {
  return buildMime({
    email,
    reportId: report.id,
    segment,
    periodKey,
    from: report.from ?? PREVIEW_ONLY_FROM,
    replyTo: report.replyTo,
    to: report.recipients.slice(0, MAX_RECIPIENTS_PER_MESSAGE),
    batchIndex: 0,
    ...(date ? { date } : {}),
  });
}

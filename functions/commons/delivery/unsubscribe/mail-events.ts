/**
 * SES's bounce and complaint events → the suppression list (suppressions.ts).
 *
 * Path (infra/constructs/customer-mail.ts): the configuration set every report message is sent with publishes
 * BOUNCE and COMPLAINT events to the default EventBridge bus; a rule matching `source: aws.ses`, those two
 * detail-types and our configuration set puts them on an SQS queue; the mail-events function reads the queue
 * (functions/mail-events/handler.ts) and hands each message body here. The body is the EventBridge event, whose
 * `detail` is SES's event record (docs: "Contents of event data that Amazon SES publishes"):
 *
 *   { "detail-type": "Email Bounced", "source": "aws.ses", "time": …,
 *     "detail": { "eventType": "Bounce", "mail": { "tags": { "ses:configuration-set": [name], "report": [id] }, … },
 *                 "bounce": { "bounceType": "Permanent", "bounceSubType": "General", "timestamp": …,
 *                             "bouncedRecipients": [{ "emailAddress": … }] } } }
 *   { "detail-type": "Email Complaint Received", …, "detail": { "eventType": "Complaint",
 *                 "complaint": { "complainedRecipients": [{ "emailAddress": … }], "complaintFeedbackType"?: "abuse" } } }
 *
 * What suppresses: a **Permanent** bounce (the mailbox does not exist, or SES already has it on the account-level
 * list: sub-type `OnAccountSuppressionList`) and **every** complaint. Transient and Undetermined bounces (a full
 * mailbox, a server down) do not: the next run tries again, and SES only reports a soft bounce after its own
 * retries. An event that is not valid JSON or not this shape throws: the queue retries it and then keeps it in its
 * dead-letter queue (with an alarm) for a person to look at, rather than dropping a complaint silently.
 *
 * Nothing from the event is trusted beyond what it must be: addresses must be email addresses (every address we
 * mail passed the same check in the config, so anything else is not one of ours and is skipped), SES's
 * classification is cut to a short token, the remote server's diagnostic text is never stored or logged.
 */
import * as z from 'zod';
import { SLUG_PATTERN } from '../../catalog/ids.js';
import { REPORT_TAG } from '../message-tags.js';
import type { Suppression, SuppressionList } from './suppressions.js';
import { normaliseAddress } from './table.js';

/** EventBridge's detail-types for the two events the rule forwards. */
export const MAIL_EVENT_DETAIL_TYPES = ['Email Bounced', 'Email Complaint Received'] as const;

// Any string: one that is not an address is skipped (and counted), never a reason to drop the whole event.
const recipients = z.array(z.looseObject({ emailAddress: z.string() })).max(100);
const tags = z.record(z.string(), z.array(z.string().max(256)).max(10)).optional();
const mail = z.looseObject({ tags, messageId: z.string().max(256).optional() });

const bounceDetail = z.looseObject({
  eventType: z.literal('Bounce'),
  mail,
  bounce: z.looseObject({
    bounceType: z.string().max(64),
    bounceSubType: z.string().max(64).optional(),
    bouncedRecipients: recipients,
    timestamp: z.iso.datetime({ offset: true }).optional(),
  }),
});
const complaintDetail = z.looseObject({
  eventType: z.literal('Complaint'),
  mail,
  complaint: z.looseObject({
    complainedRecipients: recipients,
    complaintFeedbackType: z.string().max(64).nullish(),
    complaintSubType: z.string().max(64).nullish(),
    timestamp: z.iso.datetime({ offset: true }).optional(),
  }),
});
const envelope = z.looseObject({
  'detail-type': z.enum(MAIL_EVENT_DETAIL_TYPES),
  source: z.literal('aws.ses'),
  time: z.iso.datetime({ offset: true }),
  detail: z.discriminatedUnion('eventType', [bounceDetail, complaintDetail]),
});

export class MailEventError extends Error {
  override readonly name = 'MailEventError';
}

export interface MailEventOutcome {
  kind: 'bounce' | 'complaint';
  /** Addresses now suppressed. */
  suppressed: number;
  /** Why nothing was suppressed, when nothing was (`transient bounce`, `other configuration set`, …). */
  ignored?: string;
  /** Recipients that were not email addresses (not ours). */
  skipped: number;
}

const email = z.email();

/** SES's classification as a short, safe token (it is stored and printed by the CLI). */
function token(value: string | null | undefined): string {
  return (value ?? '').replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40);
}

function issueText(error: z.ZodError): string {
  const first = error.issues[0];
  return first ? `${first.path.join('.') || 'event'}: ${first.message}` : 'invalid';
}

export interface MailEventOptions {
  list: SuppressionList;
  /** Our configuration set: an event from another one is not ours to act on (the rule filters; this re-checks). */
  configurationSet?: string | undefined;
}

/** Records the suppressions one event body asks for; throws `MailEventError` for a body that is not such an event. */
export async function recordMailEvent(body: string, options: MailEventOptions): Promise<MailEventOutcome> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MailEventError('mail event is not JSON');
  }
  const parsed = envelope.safeParse(json);
  if (!parsed.success) throw new MailEventError(`not an SES bounce or complaint event (${issueText(parsed.error)})`);
  const { detail } = parsed.data;
  const kind = detail.eventType === 'Bounce' ? 'bounce' : 'complaint';
  const set = detail.mail.tags?.['ses:configuration-set']?.[0];
  if (options.configurationSet && set !== undefined && set !== options.configurationSet) {
    return { kind, suppressed: 0, skipped: 0, ignored: 'other configuration set' };
  }
  if (detail.eventType === 'Bounce' && detail.bounce.bounceType !== 'Permanent') {
    return { kind, suppressed: 0, skipped: 0, ignored: `${token(detail.bounce.bounceType).toLowerCase()} bounce` };
  }
  const reportTag = detail.mail.tags?.[REPORT_TAG]?.[0];
  const reportId = reportTag !== undefined && SLUG_PATTERN.test(reportTag) ? reportTag : null;
  const [list, at, classification] =
    detail.eventType === 'Bounce'
      ? [
          detail.bounce.bouncedRecipients,
          detail.bounce.timestamp,
          `${token(detail.bounce.bounceType)}/${token(detail.bounce.bounceSubType) || 'Undetermined'}`,
        ]
      : [
          detail.complaint.complainedRecipients,
          detail.complaint.timestamp,
          token(detail.complaint.complaintFeedbackType) || token(detail.complaint.complaintSubType) || 'complaint',
        ];
  const valid = list.map((r) => r.emailAddress.trim()).filter((a) => email.safeParse(a).success);
  const addresses = [...new Set(valid.map(normaliseAddress))];
  const when = new Date(at ?? parsed.data.time).toISOString();
  await Promise.all(
    addresses.map((address) =>
      options.list.suppress({
        address,
        at: when,
        source: kind,
        detail: classification,
        reportId,
      } satisfies Suppression),
    ),
  );
  return { kind, suppressed: addresses.length, skipped: list.length - valid.length };
}

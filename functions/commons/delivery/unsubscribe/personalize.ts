/**
 * One rendering, many recipients: the footer of a customer-facing email carries merge fields
 * (catalog/personal-fields.ts) that are replaced per address here, the HTML part escaped, the text part as is.
 */
import { PERSONAL_FIELDS } from '../../catalog/personal-fields.js';
import { escapeHtml } from '../../format/html.js';
import type { RenderedEmail } from '../mime.js';

export interface PersonalValues {
  recipient: string;
  unsubscribeUrl: string;
}

/** True when the email was rendered for a customer-facing report (its footer has the merge fields). */
export function hasPersonalFields(email: RenderedEmail): boolean {
  return email.text.includes(PERSONAL_FIELDS.unsubscribeUrl) && email.html.includes(PERSONAL_FIELDS.unsubscribeUrl);
}

function fill(body: string, values: PersonalValues, encode: (s: string) => string): string {
  return body
    .replaceAll(PERSONAL_FIELDS.recipient, encode(values.recipient))
    .replaceAll(PERSONAL_FIELDS.unsubscribeUrl, encode(values.unsubscribeUrl));
}

export function personalize<E extends RenderedEmail>(email: E, values: PersonalValues): E {
  return { ...email, html: fill(email.html, values, escapeHtml), text: fill(email.text, values, (s) => s) };
}

/** Where a preview's unsubscribe link points: the reserved `.invalid` TLD (RFC 2606), so it can never be used. */
export const PREVIEW_UNSUBSCRIBE_URL = 'https://unsubscribe.invalid/?t=preview';

/**
 * A customer-facing email as its first recipient would see it, for previews (on-demand `GET /reports/{id}`, the
 * CLI): the footer filled with that address and a link that goes nowhere. Team emails are returned as they are.
 */
export function previewEmail<E extends RenderedEmail>(email: E, recipients: readonly string[]): E {
  if (!hasPersonalFields(email)) return email;
  return personalize(email, {
    recipient: recipients[0] ?? 'recipient@example.invalid',
    unsubscribeUrl: PREVIEW_UNSUBSCRIBE_URL,
  });
}

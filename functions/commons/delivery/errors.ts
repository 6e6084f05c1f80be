/**
 * Delivery failures. Their own module (no nodemailer, no SDK), so code that only classifies errors (the
 * on-demand error mapping, loaded for every request) does not load the mail composer.
 */
export class DeliveryError extends Error {
  override readonly name: string = 'DeliveryError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A requested recipient is not on the report's list: the caller's mistake (on-demand: 403), never sent. */
export class RecipientNotAllowedError extends DeliveryError {
  override readonly name = 'RecipientNotAllowedError';
  constructor(readonly address: string) {
    super(`recipient ${address} is not in the report's configured recipients`);
  }
}

/** Recipients were chosen for a report that has no email channel: the caller's mistake (on-demand: 400). */
export class RecipientsWithoutEmailError extends DeliveryError {
  override readonly name = 'RecipientsWithoutEmailError';
  constructor(readonly reportId: string) {
    super(`report ${reportId} has no email channel: "recipients" chooses who gets the email`);
  }
}

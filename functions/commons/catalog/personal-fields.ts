/**
 * Merge fields of a customer-facing email (config/audience.ts): the renderer writes these placeholders once into
 * the footer (render/view-model.ts), and the per-address send replaces them for each recipient
 * (delivery/unsubscribe/personalize.ts), so one rendering serves every address. Only characters that HTML escaping,
 * text wrapping and quoted-printable leave alone, and that no report text can contain by accident.
 */
export const PERSONAL_FIELDS = {
  /** The recipient's address. */
  recipient: '{{mqr:recipient}}',
  /** The recipient's one-click unsubscribe URL (https, signed token). */
  unsubscribeUrl: '{{mqr:unsubscribe-url}}',
} as const;

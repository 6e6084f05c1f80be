/**
 * Who a report is for (`audience`), one field of a report (config/schema.ts).
 *
 * `internal` (the default): a team's own report. One message per batch of ≤ 50 addresses with everyone in `To`,
 * so "reply all" reaches the team; nobody unsubscribes from their own team's report, they ask to be taken off the
 * list.
 *
 * `external`: customer-facing, e.g. a platform's per-customer fan-out (each `fanOut.recipients[value]` a customer's
 * own people). Each address gets its own message, because each carries a personal one-click unsubscribe link
 * (RFC 8058 `List-Unsubscribe` + `List-Unsubscribe-Post`) and a footer naming who it is for; an address that
 * unsubscribed is skipped by every later run until it is re-added (`npm run subscribers`). See docs/unsubscribe.md.
 */
import * as z from 'zod';

export const AUDIENCES = ['internal', 'external'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const audienceSchema = z
  .enum(AUDIENCES)
  .default('internal')
  .describe(
    "internal: a team's report, one message per ≤ 50 recipients. external: customer-facing, one message per " +
      'address with a one-click unsubscribe link (RFC 8058); an unsubscribed address is not mailed again until ' +
      're-added with `npm run subscribers` (docs/unsubscribe.md).',
  );

/**
 * The unsubscribe table's layout (store.ts reads and writes it; the stack creates it, infra/constructs/
 * customer-mail.ts). Its own module with no AWS SDK import, so the synth does not load the SDK clients.
 */

/** The key attributes: `list` (partition) and `address` (sort). */
export const UNSUBSCRIBE_KEYS = { partition: 'list', sort: 'address' } as const;

/**
 * The partition of the addresses no report may mail: hard bounces and complaints (suppressions.ts), recorded from
 * SES's events. `#` cannot start a report id (catalog/ids.ts SLUG_PATTERN), so it never meets a report's list.
 */
export const SUPPRESSED_LIST = '#suppressed';

/** The partition of a report's (or one fan-out segment's) unsubscribes. */
export function listKey(reportId: string, segment: string | null): string {
  return segment === null ? reportId : `${reportId}#segment=${encodeURIComponent(segment)}`;
}

export { normaliseAddress } from '../address.js';

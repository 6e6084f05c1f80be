/**
 * The SES message tags every report message carries (ses-sender.ts sends them with the configuration set). SES
 * hands a message's tags back in its bounce and complaint events, so the suppression list can say which report
 * an address bounced on (unsubscribe/mail-events.ts). Values must be ASCII letters, digits, `_`, `-`, `.`: a report
 * id is (catalog/ids.ts); a segment value, which comes from Mux, is never a tag.
 */
export const REPORT_TAG = 'report';

export function reportTags(reportId: string): Record<string, string> {
  return { [REPORT_TAG]: reportId };
}

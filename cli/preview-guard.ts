/**
 * Who may use `npm run preview`: only its developer, from a page it served itself (issue 23 §6).
 *
 * - `Host` must be the loopback address and port the preview serves (`127.0.0.1:<port>` or `localhost:<port>`).
 *   A web page on another site whose name resolves to 127.0.0.1 (DNS rebinding) sends its own name as Host: refused,
 *   so it cannot read reports (real Mux data when a token is set) through the preview.
 * - `Origin`, when the browser sends one, must be that same origin: another page's fetch or form is refused.
 * - Any method but GET and HEAD must carry `content-type: application/json`: an HTML form cannot send that type
 *   without a CORS preflight (which the preview never answers), so no cross-site form POST can run the pipeline.
 *
 * Pure: the server (preview.ts) asks, then answers the refusal as plain text.
 */

export interface PreviewRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface Refusal {
  status: number;
  message: string;
}

/** Largest request body the preview reads (the handler's own limit is 16 KB). */
export const PREVIEW_MAX_BODY_BYTES = 64 * 1024;

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? undefined : value;
}

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function refusal(req: PreviewRequest, port: number): Refusal | null {
  const hosts = allowedHosts(port);
  const host = one(req.headers['host'])?.toLowerCase();
  if (!host || !hosts.includes(host)) {
    return {
      status: 403,
      message: `Host must be ${hosts.join(' or ')}: the preview answers only its own address (DNS rebinding)`,
    };
  }
  const origin = req.headers['origin'];
  if (origin !== undefined) {
    const value = one(origin)?.toLowerCase();
    if (!value || !hosts.some((h) => value === `http://${h}`)) {
      return { status: 403, message: `Origin must be ${hosts.map((h) => `http://${h}`).join(' or ')}` };
    }
  }
  const method = req.method.toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') {
    const type = one(req.headers['content-type']) ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type.trim())) {
      return { status: 415, message: `${method} must be sent as content-type: application/json` };
    }
  }
  return null;
}

/**
 * The preview sends email to the local SES (its emulator) and cannot reach Slack, Teams or a webhook (their URLs are
 * secrets of the deployment). A full send of a report with such channels is refused, saying what works instead.
 */
export function unsendableChannels(
  report: { id: string; channels: readonly { type: string }[] } | undefined,
  body: unknown,
): Refusal | null {
  if (!report) return null;
  const chat = report.channels.filter((c) => c.type !== 'email').map((c) => c.type);
  if (chat.length === 0) return null;
  const hasRecipients =
    typeof body === 'object' && body !== null && Array.isArray((body as { recipients?: unknown }).recipients);
  if (hasRecipients) return null;
  const hasEmail = report.channels.some((c) => c.type === 'email');
  return {
    status: 422,
    message:
      `the preview cannot post to ${[...new Set(chat)].join(', ')} (their URLs are deployment secrets)` +
      (hasEmail
        ? `: send with "recipients" to send report ${report.id}'s email only, to the local SES`
        : `, and report ${report.id} has no email channel: the preview has nothing it can send`),
  };
}

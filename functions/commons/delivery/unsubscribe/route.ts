/**
 * The public one-click unsubscribe route (RFC 8058), behind its own Function URL with no AWS auth: the mail client
 * or the person calls it, so the signed token (token.ts) is the only authority.
 *
 *   POST /?t=<token>   body `List-Unsubscribe=One-Click` (form-urlencoded or multipart/form-data, RFC 8058 §3.1)
 *                      → records the unsubscribe (idempotent) → 200 page "you are unsubscribed"
 *   GET  /?t=<token>   → 200 confirmation page with a button that POSTs the same; changes NOTHING by itself, because
 *                      link scanners and mail previews fetch links nobody clicked (RFC 8058 §4)
 *   bad token          → 400 (malformed) / 403 (not signed by us); other methods → 405; other paths → 404
 *
 * Pages are tiny self-contained HTML (no script, no external resource, CSP forbids both), never cached, with no
 * referrer (the token is in the URL). The token's address is shown only on the page of its own link.
 */
import { escapeHtml } from '../../format/html.js';
import { bodyResponse, type FunctionUrlResponse } from '../../http/http-error.js';
import type { UnsubscribeStore } from './store.js';
import { ONE_CLICK_POST, type Subscription, TokenError, verifyToken } from './token.js';

export interface UnsubscribeRouteDeps {
  signingKey: () => Promise<string>;
  store: UnsubscribeStore;
  now: () => Date;
}

/** The part of a Function URL event (payload 2.0) the route reads. */
interface UrlEvent {
  rawPath?: unknown;
  rawQueryString?: unknown;
  body?: unknown;
  isBase64Encoded?: unknown;
  headers?: Record<string, string | undefined>;
  requestContext?: { http?: { method?: unknown } };
}

const HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

function page(status: number, title: string, body: string, extra: Record<string, string> = {}): FunctionUrlResponse {
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;` +
    'padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.6rem 1.2rem}</style></head>' +
    `<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
  return bodyResponse(status, 'text/html; charset=utf-8', html, { ...HEADERS, ...extra });
}

function whatOf(s: Subscription): string {
  return s.segment === null
    ? `the report “${escapeHtml(s.reportId)}”`
    : `the report “${escapeHtml(s.reportId)}” for ${escapeHtml(s.segment)}`;
}

function bodyText(event: UrlEvent): string {
  if (typeof event.body !== 'string') return '';
  return event.isBase64Encoded === true ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/** RFC 8058 asks for `List-Unsubscribe=One-Click` as multipart/form-data (SHOULD) or form-urlencoded (MAY). */
export function isOneClickBody(body: string, contentType: string): boolean {
  const type = contentType.toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
    if (!boundary) return false;
    return body.split(`--${boundary}`).some((part) => {
      const [head, ...rest] = part.split(/\r?\n\r?\n/);
      return (
        /name="List-Unsubscribe"/i.test(head ?? '') &&
        rest
          .join('\n\n')
          .replace(/\r?\n$/, '')
          .trim() === 'One-Click'
      );
    });
  }
  return new URLSearchParams(body.trim()).get('List-Unsubscribe') === 'One-Click';
}

function refuse(error: TokenError): FunctionUrlResponse {
  return page(
    error.reason === 'bad-signature' ? 403 : 400,
    'This unsubscribe link does not work',
    `<p>${escapeHtml(error.message)}. Use the link in the footer of the latest report email, or reply to that ` +
      'email and ask to be taken off the list.</p>',
  );
}

export async function answerUnsubscribe(event: unknown, deps: UnsubscribeRouteDeps): Promise<FunctionUrlResponse> {
  const e = (event !== null && typeof event === 'object' ? event : {}) as UrlEvent;
  const method = typeof e.requestContext?.http?.method === 'string' ? e.requestContext.http.method.toUpperCase() : '';
  const path = typeof e.rawPath === 'string' ? e.rawPath : '/';
  if (path !== '/' && path !== '') return page(404, 'Not found', '<p>There is nothing here.</p>');
  if (method !== 'GET' && method !== 'POST') {
    return page(405, 'Method not allowed', '<p>Use the link in the email.</p>', { allow: 'GET, POST' });
  }
  const token = new URLSearchParams(typeof e.rawQueryString === 'string' ? e.rawQueryString : '').get('t');
  if (!token) return refuse(new TokenError('malformed', 'the unsubscribe link has no token'));
  let subscription: Subscription;
  try {
    subscription = verifyToken(token, await deps.signingKey());
  } catch (error) {
    if (error instanceof TokenError) return refuse(error);
    throw error;
  }

  const address = escapeHtml(subscription.address);
  if (method === 'GET') {
    const action = `?t=${encodeURIComponent(token)}`;
    return page(
      200,
      'Unsubscribe?',
      `<p>Stop sending ${whatOf(subscription)} to <strong>${address}</strong>?</p>` +
        `<form method="post" action="${escapeHtml(action)}">` +
        `<input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button>` +
        '</form><p>Nothing changes until you press the button. Others on the list keep receiving the report.</p>',
    );
  }
  const contentType = e.headers?.['content-type'] ?? e.headers?.['Content-Type'] ?? '';
  if (!isOneClickBody(bodyText(e), contentType)) {
    return page(
      400,
      'Not an unsubscribe request',
      `<p>An unsubscribe POST carries the body <code>${ONE_CLICK_POST}</code> (RFC 8058).</p>`,
    );
  }
  await deps.store.unsubscribe(subscription, 'one-click', deps.now());
  return page(
    200,
    'You are unsubscribed',
    `<p>${address} will no longer receive ${whatOf(subscription)}. Others on the list keep receiving it.</p>` +
      '<p>Changed your mind? Ask the sender to add you again.</p>',
  );
}

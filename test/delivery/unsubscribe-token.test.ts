/** The unsubscribe token (delivery/unsubscribe/token.ts) and the merge fields of the personal footer. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PERSONAL_FIELDS } from '../../functions/commons/catalog/personal-fields.js';
import {
  PREVIEW_UNSUBSCRIBE_URL,
  personalize,
  previewEmail,
} from '../../functions/commons/delivery/unsubscribe/personalize.js';
import { isOneClickBody } from '../../functions/commons/delivery/unsubscribe/route.js';
import {
  type Subscription,
  signToken,
  TokenError,
  unsubscribeUrl,
  verifyToken,
} from '../../functions/commons/delivery/unsubscribe/token.js';

const KEY = 'k'.repeat(16) + '0123456789abcdefXYZ';
const subscription = fc.record({
  reportId: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,62}$/),
  segment: fc.option(fc.string({ minLength: 1, maxLength: 200 }), { nil: null }),
  address: fc.emailAddress(),
});

function reason(token: string, key = KEY): string {
  try {
    verifyToken(token, key);
    return 'accepted';
  } catch (error) {
    if (error instanceof TokenError) return error.reason;
    throw error;
  }
}

describe('unsubscribe token', () => {
  it('round-trips any report, segment and address', () => {
    fc.assert(
      fc.property(subscription, (s: Subscription) => {
        expect(verifyToken(signToken(s, KEY), KEY)).toEqual(s);
      }),
    );
  });

  it('refuses any change of one character, and any other key', () => {
    fc.assert(
      fc.property(subscription, fc.nat(), fc.constantFrom(...'ABCxyz019-_.'), (s, at, c) => {
        const token = signToken(s, KEY);
        const i = at % token.length;
        fc.pre(token[i] !== c);
        const changed = token.slice(0, i) + c + token.slice(i + 1);
        // A change may still decode to the same bytes (base64url's last character has spare bits).
        if (reason(changed) === 'accepted') expect(verifyToken(changed, KEY)).toEqual(s);
        expect(reason(token, `${KEY}-other`)).toBe('bad-signature');
      }),
    );
  });

  it('tells damaged from forged', () => {
    expect(reason('')).toBe('malformed');
    expect(reason('v2.abc.def')).toBe('malformed');
    expect(reason('v1.abc')).toBe('malformed');
    expect(reason('v1.a b.c')).toBe('malformed');
    expect(reason(`v1.${Buffer.from('{}').toString('base64url')}.AAAA`)).toBe('bad-signature');
  });

  it('refuses a short key (a guessable key would let anyone forge unsubscribes)', () => {
    expect(() => signToken({ reportId: 'r', segment: null, address: 'a@b.example' }, 'short')).toThrow(/at least 32/);
  });

  it('is carried as ?t= on the route URL', () => {
    const url = new URL(
      unsubscribeUrl(
        'https://x.lambda-url.eu-west-1.on.aws/',
        { reportId: 'r', segment: 'a&b', address: 'a@b.example' },
        KEY,
      ),
    );
    expect(verifyToken(url.searchParams.get('t')!, KEY)).toEqual({
      reportId: 'r',
      segment: 'a&b',
      address: 'a@b.example',
    });
  });
});

describe('one-click body (RFC 8058 §3.1)', () => {
  it('accepts form-urlencoded and multipart/form-data, nothing else', () => {
    expect(isOneClickBody('List-Unsubscribe=One-Click', 'application/x-www-form-urlencoded')).toBe(true);
    expect(isOneClickBody('List-Unsubscribe=One-Click\r\n', '')).toBe(true);
    const multipart = '--b\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--b--\r\n';
    expect(isOneClickBody(multipart, 'multipart/form-data; boundary=b')).toBe(true);
    expect(isOneClickBody(multipart, 'multipart/form-data')).toBe(false);
    expect(isOneClickBody('List-Unsubscribe=Yes', 'application/x-www-form-urlencoded')).toBe(false);
    expect(isOneClickBody('', '')).toBe(false);
  });
});

describe('personal footer', () => {
  it('fills the merge fields, escaped in HTML, verbatim in text', () => {
    const email = {
      subject: 's',
      html: `<p>for ${PERSONAL_FIELDS.recipient} <a href="${PERSONAL_FIELDS.unsubscribeUrl}">stop</a></p>`,
      text: `for ${PERSONAL_FIELDS.recipient}\n  ${PERSONAL_FIELDS.unsubscribeUrl}\n`,
    };
    const out = personalize(email, { recipient: "o'hara@x.example", unsubscribeUrl: 'https://u.example/?t=a&b' });
    expect(out.html).toBe(`<p>for o&#39;hara@x.example <a href="https://u.example/?t=a&amp;b">stop</a></p>`);
    expect(out.text).toBe("for o'hara@x.example\n  https://u.example/?t=a&b\n");
  });

  it('previews show the first recipient and a link that goes nowhere; team emails are untouched', () => {
    const email = {
      subject: 's',
      html: `<a href="${PERSONAL_FIELDS.unsubscribeUrl}">${PERSONAL_FIELDS.recipient}</a>`,
      text: `${PERSONAL_FIELDS.recipient} ${PERSONAL_FIELDS.unsubscribeUrl}`,
    };
    expect(previewEmail(email, ['a@x.example', 'b@x.example']).text).toBe(`a@x.example ${PREVIEW_UNSUBSCRIBE_URL}`);
    const team = { subject: 's', html: '<p>hi</p>', text: 'hi' };
    expect(previewEmail(team, ['a@x.example'])).toBe(team);
  });
});

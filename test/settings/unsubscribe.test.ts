/** The unsubscribe variables: all three or none for the report functions; table and key for the route. */
import { describe, expect, it } from 'vitest';
import { readUnsubscribe } from '../../functions/commons/settings/index.js';
import { unsubscribeRouteSettings } from '../../functions/commons/settings/unsubscribe.js';

const all = {
  UNSUBSCRIBE_URL: 'https://abc.lambda-url.eu-west-1.on.aws/',
  UNSUBSCRIBE_TABLE: 'Stack-Unsubscribes-1',
  UNSUBSCRIBE_KEY_SECRET: 'Stack/unsubscribe-signing-key',
};

describe('unsubscribe settings', () => {
  it('are all three variables, or none', () => {
    expect(readUnsubscribe({})).toBeUndefined();
    expect(readUnsubscribe(all)).toEqual({
      url: all.UNSUBSCRIBE_URL,
      table: all.UNSUBSCRIBE_TABLE,
      keySecret: all.UNSUBSCRIBE_KEY_SECRET,
    });
    const { UNSUBSCRIBE_TABLE: _, ...noTable } = all;
    expect(() => readUnsubscribe(noTable)).toThrow(
      'invalid setting UNSUBSCRIBE_TABLE: is required when any UNSUBSCRIBE_* variable is set',
    );
    expect(() => readUnsubscribe({ ...all, UNSUBSCRIBE_URL: 'not a url' })).toThrow(
      /UNSUBSCRIBE_URL: must be an http\(s\) URL/,
    );
  });

  it('the route needs only the table and the key', () => {
    expect(unsubscribeRouteSettings({ UNSUBSCRIBE_TABLE: 't-1', UNSUBSCRIBE_KEY_SECRET: 'k' })).toEqual({
      table: 't-1',
      keySecret: 'k',
    });
    expect(() => unsubscribeRouteSettings({ UNSUBSCRIBE_TABLE: 't-1' })).toThrow(/UNSUBSCRIBE_KEY_SECRET: is required/);
  });
});

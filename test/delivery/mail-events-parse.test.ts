/**
 * What one SES event suppresses (delivery/unsubscribe/mail-events.ts), with a list kept in memory (the DynamoDB
 * list is exercised end to end in mail-events.test.ts): which bounces count, what is stored, and that nothing in
 * an event beyond its shape is trusted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MailEventError, recordMailEvent } from '../../functions/commons/delivery/unsubscribe/mail-events.js';
import type { Suppression, SuppressionList } from '../../functions/commons/delivery/unsubscribe/suppressions.js';
import { HOSTILE_VALUES } from '../../support/hostile-corpus.js';

function memoryList(): SuppressionList & { rows: Suppression[] } {
  const rows: Suppression[] = [];
  return {
    rows,
    suppressed: async (addresses) => rows.filter((r) => addresses.includes(r.address)),
    suppress: async (s) => {
      rows.push(s);
    },
    all: async () => rows,
    remove: async () => false,
  };
}

const SET = 'reports-set';

function bounce(recipients: string[], extra: Record<string, unknown> = {}, tags: Record<string, string[]> = {}) {
  return JSON.stringify({
    'detail-type': 'Email Bounced',
    source: 'aws.ses',
    time: '2026-11-30T07:00:03Z',
    detail: {
      eventType: 'Bounce',
      mail: { tags: { 'ses:configuration-set': [SET], report: ['team'], ...tags } },
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: 'General',
        bouncedRecipients: recipients.map((emailAddress) => ({ emailAddress })),
        ...extra,
      },
    },
  });
}

const record = (body: string, list = memoryList()) =>
  recordMailEvent(body, { list, configurationSet: SET }).then((outcome) => ({ outcome, rows: list.rows }));

describe('recordMailEvent', () => {
  it('suppresses a permanent bounce, lower-cased and once, with its classification, time and report', async () => {
    const { outcome, rows } = await record(bounce(['Gone@Example.com', 'gone@example.com']));
    expect(outcome).toEqual({ kind: 'bounce', suppressed: 1, skipped: 0 });
    expect(rows).toEqual([
      {
        address: 'gone@example.com',
        at: '2026-11-30T07:00:03.000Z',
        source: 'bounce',
        detail: 'Permanent/General',
        reportId: 'team',
      },
    ]);
  });

  it('counts SES dropping an address already on its account-level list as a permanent bounce', async () => {
    const { rows } = await record(bounce(['a@example.com'], { bounceSubType: 'OnAccountSuppressionList' }));
    expect(rows.map((r) => r.detail)).toEqual(['Permanent/OnAccountSuppressionList']);
  });

  it('ignores soft and undetermined bounces: the next run tries again', async () => {
    for (const bounceType of ['Transient', 'Undetermined']) {
      const { outcome, rows } = await record(bounce(['a@example.com'], { bounceType }));
      expect(outcome.ignored).toBe(`${bounceType.toLowerCase()} bounce`);
      expect(rows).toEqual([]);
    }
  });

  it("ignores another configuration set's events", async () => {
    const { outcome, rows } = await record(bounce(['a@example.com'], {}, { 'ses:configuration-set': ['other'] }));
    expect(outcome.ignored).toBe('other configuration set');
    expect(rows).toEqual([]);
  });

  it('suppresses every complaint, with its feedback type', async () => {
    const body = JSON.stringify({
      'detail-type': 'Email Complaint Received',
      source: 'aws.ses',
      time: '2026-11-30T09:12:00Z',
      detail: {
        eventType: 'Complaint',
        mail: {},
        complaint: { complainedRecipients: [{ emailAddress: 'cto@acme.example' }], complaintFeedbackType: null },
      },
    });
    const { outcome, rows } = await record(body);
    expect(outcome).toEqual({ kind: 'complaint', suppressed: 1, skipped: 0 });
    expect(rows.map((r) => [r.address, r.detail, r.reportId])).toEqual([['cto@acme.example', 'complaint', null]]);
  });

  it('refuses what is not an SES bounce or complaint event, naming the field', async () => {
    const cases: [string, RegExp][] = [
      ['not json', /not JSON/],
      [bounce([]).replace('aws.ses', 'custom.attacker'), /source/],
      [bounce([]).replace('Email Bounced', 'Email Delivered'), /detail-type/],
      [JSON.stringify({ ...JSON.parse(bounce([])), detail: { eventType: 'Bounce', mail: {} } }), /detail\.bounce/],
      [bounce(Array.from({ length: 101 }, (_, i) => `a${i}@example.com`)), /bouncedRecipients/],
    ];
    for (const [body, message] of cases) {
      await expect(record(body), body.slice(0, 60)).rejects.toThrow(MailEventError);
      await expect(record(body)).rejects.toThrow(message);
    }
  });

  it('stores only email addresses, short classification tokens and a report id that is one', async () => {
    const hostile = [...HOSTILE_VALUES, '"Eve" <eve@example.com>', 'a@b.example\u202e'];
    const { outcome, rows } = await record(
      bounce(
        [...hostile, 'ok@example.com'],
        { bounceSubType: 'Gen<script>eral\u0000\u202e' },
        { report: ['../../etc'] },
      ),
    );
    expect(rows.map((r) => r.address)).toEqual(['ok@example.com']);
    expect(outcome.skipped).toBe(hostile.length);
    expect(rows[0]!.detail).toBe('Permanent/Genscripteral');
    expect(rows[0]!.reportId).toBeNull();
  });

  it('never throws on a well-formed event, whatever its addresses, and stores only what the config would accept', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.string(), fc.emailAddress()), { maxLength: 20 }), async (addresses) => {
        const { rows } = await record(bounce(addresses));
        for (const r of rows) {
          expect(r.address).toBe(r.address.toLowerCase());
          expect(r.address).toMatch(/^[^\s@]+@[^\s@]+$/);
        }
      }),
    );
  });
});

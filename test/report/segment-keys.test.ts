/**
 * Archive keys that always fit (issue 23 §3): every segment value gives a key part of at most SEGMENT_KEY_MAX bytes
 * (so one file name ≤ 255 bytes locally and keys far below S3's 1,024), distinct for distinct values, stable;
 * values whose keys fitted before keep exactly those keys; the local store and the history reader work for both
 * forms on a real filesystem.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyBaseKey } from '../../functions/commons/delivery/deliver.js';
import { localArchive } from '../../functions/commons/report/archive-reader.js';
import {
  artifactKeys,
  boundedKeyPart,
  latestKey,
  periodStartDate,
  SEGMENT_KEY_MAX,
  segmentKeyPart,
  snapshotKey,
} from '../../functions/commons/report/snapshot-store.js';
import { LocalSnapshotStore } from '../../functions/commons/report/snapshot-store-local.js';
import { HOSTILE_VALUES } from '../../support/hostile-corpus.js';
import { defaultSnapshot } from '../../support/sample-snapshots.js';

/** The rule before issue 23: what every archived segment so far was written under. */
const before = (value: string): string => {
  const encoded = encodeURIComponent(value);
  return encoded === '.' || encoded === '..' ? encoded.replaceAll('.', '%2E') : encoded;
};

const LONG = ['é'.repeat(60), '東'.repeat(200), '🎬'.repeat(200), 'x'.repeat(100_000), 'a\ud800b', 'a\udc00b'];
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

const segmented = (value: string) => {
  const s = defaultSnapshot();
  s.report = { ...s.report, id: 'per-customer-report-with-a-long-id', segment: { dimension: 'video_title', value } };
  return s;
};

describe('segment key parts', () => {
  it('keep exactly today’s key for every value whose key fitted (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 80, unit: 'grapheme' }), (value) => {
        fc.pre(encodeURIComponent(value).length <= SEGMENT_KEY_MAX);
        expect(segmentKeyPart(value)).toBe(before(value));
      }),
    );
    expect(segmentKeyPart('acme-tv')).toBe('acme-tv');
    expect(segmentKeyPart('a/b=c d')).toBe('a%2Fb%3Dc%20d');
    expect(segmentKeyPart('x'.repeat(SEGMENT_KEY_MAX))).toBe('x'.repeat(SEGMENT_KEY_MAX));
  });

  it('are bounded for every value, the corpus and long non-ASCII ones included', () => {
    for (const value of [...HOSTILE_VALUES, ...LONG]) {
      const part = segmentKeyPart(value);
      expect(bytes(`segment=${part}`)).toBeLessThanOrEqual(255);
      expect(part).not.toMatch(/[/=\\]|^\.{1,2}$/);
      const snapshot = segmented(value);
      for (const key of [snapshotKey(snapshot), ...Object.values(artifactKeys(snapshot))]) {
        expect(bytes(key)).toBeLessThan(1024);
        for (const step of key.split('/')) expect(bytes(step)).toBeLessThanOrEqual(255);
      }
      expect(bytes(idempotencyBaseKey('r', '2026-W47', 'nonce', value))).toBeLessThan(2048);
    }
  });

  it('hashed parts are readable, stable, distinct, and never another value’s plain part', () => {
    const part = segmentKeyPart('東'.repeat(200));
    expect(part).toMatch(/^(%E6%9D%B1){10}@[0-9a-f]{24}$/);
    expect(part).toBe(segmentKeyPart('東'.repeat(200))); // stable: a pure function of the value
    expect(segmentKeyPart('a\ud800b')).not.toBe(segmentKeyPart('a\ufffdb'));
    fc.assert(
      fc.property(
        fc.string({ minLength: 90, maxLength: 120, unit: 'grapheme' }),
        fc.string({ maxLength: 3 }),
        (a, tail) => {
          const b = a + tail;
          fc.pre(a !== b);
          expect(boundedKeyPart(a) === boundedKeyPart(b)).toBe(false);
        },
      ),
    );
    // The plain part of the value a hashed part decodes to is never that hashed part (encodeURIComponent escapes @).
    const forged = decodeURIComponent(part);
    expect(segmentKeyPart(forged)).not.toBe(part);
  });
});

describe('the local archive and the history reader with both forms', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'segment-keys-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['short', 'acme'],
    ['60 × é (ENAMETOOLONG before)', 'é'.repeat(60)],
    ['200 × 東 (over S3’s 1,024 bytes before)', '東'.repeat(200)],
  ])('%s: written, listed and read back with its value', async (_name, value) => {
    const store = new LocalSnapshotStore(dir);
    const snapshot = segmented(value);
    await store.put(snapshot, { html: '<p>x</p>', text: 'x' });
    const date = periodStartDate(snapshot);
    const read = await localArchive(dir).read(snapshot.report.id, snapshot.period.cadence, [date], value);
    const got = read.get(date);
    expect(got && 'text' in got ? JSON.parse(got.text!).report.segment.value : got).toBe(value);
    expect(latestKey(snapshot.report.id, value)).toContain(segmentKeyPart(value));
  });
});

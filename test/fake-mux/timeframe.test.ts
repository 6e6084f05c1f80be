/**
 * The fake's time semantics over HTTP: Mux's three rounding classes (≤ 6 h → 10 minutes, ≤ 15 days → hour,
 * > 15 days → UTC day), the effective timeframe echoed and used for the data, and the two retention models.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMux, startFakeMux } from '../../fake-mux/server.js';
import { get, NOW } from './client.js';

const H = 3600;
const D = 86_400;
const at = (iso: string): number => Date.parse(iso) / 1000;
const tf = (a: number, b: number): string => `timeframe[]=${a}&timeframe[]=${b}`;

let fake: FakeMux;
beforeAll(async () => {
  fake = await startFakeMux({ port: 0, now: NOW, rateLimit: false });
});
afterAll(async () => {
  await fake.close();
});

/** The timeframe the fake answers with for [a, b), checked on an aggregate, a list and a timeseries route. */
async function effective(a: number, b: number): Promise<[number, number]> {
  const paths = ['/data/v1/metrics/views/overall', '/data/v1/video-views', '/data/v1/metrics/views/timeseries'];
  const echoes = await Promise.all(paths.map(async (p) => (await get(fake, `${p}?${tf(a, b)}`)).body.timeframe));
  expect(echoes[1]).toEqual(echoes[0]);
  expect(echoes[2]).toEqual(echoes[0]);
  return echoes[0];
}

describe('timeframe rounding (floor to the boundary of the class of the requested length)', () => {
  const T = at('2026-11-20T00:00:00Z');

  it('≤ 6 hours → ten-minute boundaries, exactly 6 hours included', async () => {
    expect(await effective(T + 7 * 60, T + 2 * H + 13 * 60)).toEqual([T, T + 2 * H + 10 * 60]);
    // Exactly 6 h with a :05 offset is still the ten-minute class.
    expect(await effective(T + 5 * 60, T + 6 * H + 5 * 60)).toEqual([T, T + 6 * H]);
    // :30 is a ten-minute boundary already; :45 falls to :40.
    expect(await effective(T + 30 * 60, T + 3 * H + 45 * 60)).toEqual([T + 30 * 60, T + 3 * H + 40 * 60]);
  });

  it('over 6 hours up to exactly 15 days → hour boundaries (:30 and :45 offsets drop to the hour)', async () => {
    expect(await effective(T + 5 * 60, T + 6 * H + 5 * 60 + 1)).toEqual([T, T + 6 * H]);
    // A week in Asia/Kolkata (+05:30): Mon 00:00 IST = Sun 18:30 UTC.
    const kolkata = at('2026-11-15T18:30:00Z');
    expect(await effective(kolkata, kolkata + 7 * D)).toEqual([kolkata - 30 * 60, kolkata - 30 * 60 + 7 * D]);
    // A day in Asia/Kathmandu (+05:45): 00:00 NPT = 18:15 UTC.
    const kathmandu = at('2026-11-19T18:15:00Z');
    expect(await effective(kathmandu, kathmandu + D)).toEqual([kathmandu - 15 * 60, kathmandu - 15 * 60 + D]);
    // Exactly 15 days is still the hour class.
    expect(await effective(kolkata - 8 * D, kolkata + 7 * D)).toEqual([
      kolkata - 8 * D - 30 * 60,
      kolkata + 7 * D - 30 * 60,
    ]);
  });

  it('over 15 days → UTC-day boundaries (a New York month starts at 04:00/05:00 UTC)', async () => {
    const kolkata = at('2026-11-15T18:30:00Z');
    expect(await effective(kolkata - 8 * D, kolkata + 7 * D + 1)).toEqual([
      at('2026-11-07T00:00:00Z'),
      at('2026-11-22T00:00:00Z'),
    ]);
    // October 2026 in America/New_York: 1 Oct 00:00 EDT = 04:00Z; 1 Nov 00:00 EDT = 04:00Z.
    expect(await effective(at('2026-10-01T04:00:00Z'), at('2026-11-01T04:00:00Z'))).toEqual([
      at('2026-10-01T00:00:00Z'),
      at('2026-11-01T00:00:00Z'),
    ]);
  });

  it('computes the data over the effective timeframe, and rounds duration strings too', async () => {
    const a = at('2026-11-15T18:30:00Z');
    for (const p of [
      '/data/v1/metrics/comparison',
      '/data/v1/metrics/views/timeseries?group_by=hour&',
      '/data/v1/errors',
    ]) {
      const sep = p.endsWith('&') ? '' : '?';
      const asked = await get(fake, `${p}${sep}${tf(a, a + 7 * D)}`);
      const rounded = await get(fake, `${p}${sep}${tf(a - 30 * 60, a - 30 * 60 + 7 * D)}`);
      expect(asked.status).toBe(200);
      expect(asked.text).toBe(rounded.text);
    }
    const offClock = await startFakeMux({ port: 0, now: new Date('2026-11-25T10:37:12Z'), rateLimit: false });
    try {
      const nowHour = at('2026-11-25T10:00:00Z');
      expect((await get(offClock, '/data/v1/metrics/views/overall?timeframe[]=7:days')).body.timeframe).toEqual([
        nowHour - 7 * D,
        nowHour,
      ]);
      const nowTen = at('2026-11-25T10:30:00Z');
      expect((await get(offClock, '/data/v1/metrics/views/overall?timeframe[]=60:minutes')).body.timeframe).toEqual([
        nowTen - H,
        nowTen,
      ]);
    } finally {
      await offClock.close();
    }
  });
});

describe('retention', () => {
  // 2026-11-25T10:00Z − 30 days = 2026-10-26T10:00Z: the oldest day kept starts 2026-10-26T00:00Z.
  const cutoff = at('2026-10-26T00:00:00Z');

  it('refuse (default): an older start is a 400 in Mux error shape naming the oldest instant; the day itself is kept', async () => {
    const f = await startFakeMux({ port: 0, now: NOW, rateLimit: false, retentionDays: 30 });
    try {
      const r = await get(f, `/data/v1/metrics/comparison?${tf(cutoff - D, cutoff + 6 * D)}`);
      expect(r.status).toBe(400);
      expect(r.body.error.type).toBe('invalid_parameters');
      expect(r.body.error.messages[0]).toBe(
        'Timeframe start 2026-10-25T00:00:00.000Z is outside the 30-day data retention window (oldest allowed: 2026-10-26T00:00:00.000Z)',
      );
      expect((await get(f, `/data/v1/metrics/comparison?${tf(cutoff, cutoff + 7 * D)}`)).status).toBe(200);
    } finally {
      await f.close();
    }
  });

  it('clamp: the start moves up to the oldest day kept, is echoed, and the data is computed from it', async () => {
    const f = await startFakeMux({ port: 0, now: NOW, rateLimit: false, retentionDays: 30, retentionMode: 'clamp' });
    try {
      const asked = await get(f, `/data/v1/metrics/views/overall?${tf(cutoff - 3 * D, cutoff + 4 * D)}`);
      expect(asked.status).toBe(200);
      expect(asked.body.timeframe).toEqual([cutoff, cutoff + 4 * D]);
      expect(asked.text).toBe((await get(f, `/data/v1/metrics/views/overall?${tf(cutoff, cutoff + 4 * D)}`)).text);
      // Nothing left to clamp to: refused like in refuse mode.
      const gone = await get(f, `/data/v1/metrics/views/overall?${tf(cutoff - 9 * D, cutoff - 2 * D)}`);
      expect(gone.status).toBe(400);
      expect(gone.body.error.messages[0]).toMatch(/outside the 30-day data retention window/);
    } finally {
      await f.close();
    }
  });
});

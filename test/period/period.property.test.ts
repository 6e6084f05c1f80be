import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  localFields,
  type Period,
  type PeriodCadence,
  parsePeriodSpec,
  previousPeriod,
  scheduledPeriod,
} from '../../functions/commons/period/index.js';
import { instantOfLocal } from '../../functions/commons/period/zone.js';
import { periodSchema } from '../../functions/commons/report/snapshot-schema.js';

/** Zones with DST at midnight, half-hour DST, odd offsets, negative DST, ±14 h. */
const ZONES = [
  'UTC',
  'Europe/Paris',
  'Europe/London',
  'Europe/Dublin',
  'America/New_York',
  'America/Los_Angeles',
  'America/Santiago',
  'America/St_Johns',
  'America/Havana',
  'America/Sao_Paulo',
  'Asia/Beirut',
  'Asia/Kathmandu',
  'Asia/Tehran',
  'Africa/Cairo',
  'Pacific/Chatham',
  'Australia/Lord_Howe',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
] as const;
const CADENCES: PeriodCadence[] = ['daily', 'weekly', 'monthly'];

// 2015–2035: avoids historic one-off anomalies (Pacific/Apia skipped 30 Dec 2011 entirely).
const FROM = Date.UTC(2015, 0, 1) / 1000;
const TO = Date.UTC(2035, 11, 31) / 1000;

/** Instants where a zone's offset changes (scanned hourly around 2025–2027), so DST days get tested often. */
function transitions(zone: string): number[] {
  const out: number[] = [];
  const start = Date.UTC(2025, 0, 1);
  const end = Date.UTC(2027, 11, 31);
  const offset = (t: number) => {
    const f = localFields(t, zone);
    return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - t;
  };
  let prev = offset(start);
  for (let t = start; t < end; t += 6 * 3_600_000) {
    const o = offset(t);
    if (o !== prev) out.push(t);
    prev = o;
  }
  return out;
}
const NEAR_TRANSITIONS = ZONES.flatMap((zone) => transitions(zone).map((t) => ({ zone, t })));

const arbitraryCase = fc.oneof(
  fc.record({
    zone: fc.constantFrom(...ZONES),
    cadence: fc.constantFrom(...CADENCES),
    at: fc.integer({ min: FROM, max: TO }).map((s) => new Date(s * 1000)),
  }),
  // Runs within ±10 days of a DST change: the hard cases for daily and weekly periods.
  fc
    .record({
      near: fc.constantFrom(...NEAR_TRANSITIONS),
      cadence: fc.constantFrom(...CADENCES),
      shift: fc.integer({ min: -10 * 86_400, max: 10 * 86_400 }),
    })
    .map(({ near, cadence, shift }) => ({ zone: near.zone, cadence, at: new Date(near.t + shift * 1000) })),
);

const H = 3600;
function lengthOk(p: Period, cadence: PeriodCadence, zone: string): boolean {
  const len = p.endEpoch - p.startEpoch;
  const dst = zone === 'Australia/Lord_Howe' ? 0.5 * H : H;
  switch (cadence) {
    case 'daily':
      return [24 * H, 24 * H - dst, 24 * H + dst].includes(len);
    case 'weekly':
      return [168 * H, 168 * H - dst, 168 * H + dst].includes(len);
    case 'monthly':
      return len >= 28 * 24 * H - H && len <= 31 * 24 * H + H;
  }
}

/** `t` is the first instant of local day `date` (local midnight or the end of a midnight gap). */
function isStartOfLocalDay(epochSec: number, zone: string): boolean {
  const here = localFields(epochSec * 1000, zone);
  const before = localFields(epochSec * 1000 - 1000, zone);
  const sameDay = here.year === before.year && here.month === before.month && here.day === before.day;
  return !sameDay && (here.hour === 0 || here.hour === 1) && here.minute === 0 && here.second === 0;
}

/** The same local wall time one cadence later: what the scheduler fires next. */
function nextRun(at: Date, cadence: PeriodCadence, zone: string): Date {
  const f = localFields(at.getTime(), zone);
  const d = new Date(Date.UTC(f.year, f.month - 1, f.day));
  if (cadence === 'daily') d.setUTCDate(d.getUTCDate() + 1);
  if (cadence === 'weekly') d.setUTCDate(d.getUTCDate() + 7);
  if (cadence === 'monthly') d.setUTCMonth(d.getUTCMonth() + 1, Math.min(f.day, 28));
  return new Date(
    instantOfLocal(
      {
        year: d.getUTCFullYear(),
        month: d.getUTCMonth() + 1,
        day: d.getUTCDate(),
        hour: f.hour,
        minute: f.minute,
        second: 0,
      },
      zone,
    ),
  );
}

describe('period properties', () => {
  it('scheduled periods are full, aligned, gap-free and round-trip through their key', () => {
    fc.assert(
      fc.property(arbitraryCase, ({ zone, cadence, at }) => {
        const p = scheduledPeriod(cadence, at, zone);
        const atSec = Math.floor(at.getTime() / 1000);
        expect(periodSchema.safeParse(p).success).toBe(true);
        expect(p.startEpoch).toBeLessThan(p.endEpoch);
        expect(p.endEpoch).toBeLessThanOrEqual(atSec);
        expect(lengthOk(p, cadence, zone)).toBe(true);

        // Local start is the first instant of a local day, a Monday for weeks and the 1st for months.
        expect(isStartOfLocalDay(p.startEpoch, zone)).toBe(true);
        expect(isStartOfLocalDay(p.endEpoch, zone)).toBe(true);
        const first = localFields(p.startEpoch * 1000, zone);
        if (cadence === 'weekly') expect(new Date(Date.UTC(first.year, first.month - 1, first.day)).getUTCDay()).toBe(1);
        if (cadence === 'monthly') expect(first.day).toBe(1);

        // No gap with the previous period.
        const prev = previousPeriod(p);
        expect(prev.endEpoch).toBe(p.startEpoch);
        expect(prev.cadence).toBe(cadence);

        // The next scheduled run covers the period that starts where this one ended, which contains `at`.
        const next = scheduledPeriod(cadence, nextRun(at, cadence, zone), zone);
        expect(next.startEpoch).toBe(p.endEpoch);
        expect(next.endEpoch).toBeGreaterThan(atSec);
        expect(previousPeriod(next)).toEqual(p);

        // Parsing the key gives the same period back.
        expect(parsePeriodSpec(p.key, { cadence, timeZone: zone, now: at })).toEqual(p);
      }),
      { numRuns: 400 },
    );
  });

  it('custom day ranges chain with their previous range and have whole local days', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: FROM / 86_400, max: TO / 86_400 - 40 }),
        fc.integer({ min: 1, max: 31 }),
        (zone, startDay, days) => {
          const iso = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);
          const spec = `${iso(startDay)}..${iso(startDay + days)}`;
          const p = parsePeriodSpec(spec, { cadence: 'weekly', timeZone: zone, now: new Date(TO * 1000) });
          expect(p.key).toBe(spec);
          expect(p.start.slice(0, 10)).toBe(iso(startDay));
          expect(isStartOfLocalDay(p.startEpoch, zone)).toBe(true);
          expect(isStartOfLocalDay(p.endEpoch, zone)).toBe(true);
          expect(Math.abs(p.endEpoch - p.startEpoch - days * 86_400)).toBeLessThanOrEqual(H);
          const prev = previousPeriod(p);
          expect(prev.endEpoch).toBe(p.startEpoch);
          expect(prev.key).toBe(`${iso(startDay - days)}..${iso(startDay)}`);
        },
      ),
      { numRuns: 200 },
    );
  });
});

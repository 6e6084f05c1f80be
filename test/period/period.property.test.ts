/**
 * Property tests of the period rules over EVERY time zone this Node knows (plus UTC), every cadence,
 * custom whole-day ranges that start or end on DST-transition days, and to-date specs.
 *
 * Zones are iterated deterministically (a loop with a fast-check property per zone, RUNS runs each,
 * every run covering all cadences, a custom range and a to-date spec; the zones with odd rules get
 * HARD_RUNS more at their transitions): every zone is checked on every test run, and a failure prints
 * the zone (it is part of the counterexample) with fast-check's seed and path.
 * Bounds are checked against an oracle that does not use Temporal: a scan of Intl.DateTimeFormat's
 * local dates at 15-minute steps, refined to the second.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, it } from 'vitest';
import {
  type Period,
  type PeriodCadence,
  parsePeriodSpec,
  previousPeriod,
  scheduledPeriod,
  startOfLocalDay,
} from '../../functions/commons/period/index.js';
import { periodSchema } from '../../functions/commons/snapshot/parts.js';

const ZONES = ['UTC', ...Intl.supportedValuesOf('timeZone')];
/**
 * fast-check runs per zone. Each run checks all three cadences, a custom range and a to-date spec
 * (~4.5 ms of CPU with temporal-polyfill 1.0.8, so one sweep of the 419 zones is ~1.9 s); every run has
 * a new seed, so coverage grows run after run. PERIOD_PROPERTY_RUNS=20 gives a deeper local sweep.
 */
const RUNS = Number(process.env.PERIOD_PROPERTY_RUNS ?? 1);
/** Zones with the odd rules, swept again with DST-transition instants only. */
const HARD_ZONES = [
  'Asia/Beirut', // DST changes at midnight (no 00:00 in March)
  'America/Santiago',
  'Atlantic/Azores',
  'America/Asuncion', // 1 Oct 2023 starts at 01:00: a month starting in a gap
  'America/Havana', // midnight twice in November
  'Australia/Lord_Howe', // 30-minute DST
  'Pacific/Chatham', // +12:45 / +13:45
  'Antarctica/Troll', // 2-hour DST
  'Africa/Casablanca', // DST suspended for Ramadan
  'Pacific/Apia', // skipped 30 Dec 2011
  'Europe/Dublin', // "negative" DST in tzdb
  'America/St_Johns',
] as const;
const HARD_RUNS = 4;
const CADENCES: PeriodCadence[] = ['daily', 'weekly', 'monthly'];

// Instants from 1970 (before it tzdb mostly has local mean times) to 2100 (far-future rules).
const FROM = Date.UTC(1970, 0, 2);
const TO = Date.UTC(2100, 0, 1);
const MIN = 60_000;
const H = 60 * MIN;
const DAY = 24 * H;

// ------------------------------------------------------------------------ oracle (Intl only, no Temporal)

const formats = new Map<string, Intl.DateTimeFormat>();

/** Local wall clock `YYYY-MM-DD HH:MM:SS` of `ms` in `zone`, straight from ICU (one formatter per zone). */
function intlWall(ms: number, zone: string): string {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(zone, f);
  }
  const s = f.format(ms);
  const m = /^(\d{4}-\d{2}-\d{2}), (\d{2}:\d{2}:\d{2})$/.exec(s);
  if (!m) throw new Error(`unexpected en-CA format "${s}"`);
  return `${m[1]} ${m[2]}`;
}

/** Local date `YYYY-MM-DD` of `ms` in `zone`. */
const intlDate = (ms: number, zone: string): string => intlWall(ms, zone).slice(0, 10);

/**
 * First instant whose local date is `date` or later (the day's start, or the next day's when `date`
 * was skipped): 15-minute steps from 14 h before UTC midnight (no offset since 1970 exceeds +14:00),
 * then bisection to the second inside the step where the date changes.
 */
function oracleDayStart(date: string, zone: string): number {
  let lo = Date.parse(`${date}T00:00:00Z`) - 14 * H - 15 * MIN;
  assert.ok(intlDate(lo, zone) < date, `${zone} is already on ${date} 14 h before UTC midnight`);
  let hi = lo;
  while (intlDate(hi, zone) < date) {
    lo = hi;
    hi += 15 * MIN;
  }
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (intlDate(mid, zone) < date) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * Asserts that an epoch-seconds bound is the first instant of local day `date` (`YYYY-MM-DD`): against
 * the full scan when `scan`, else (cheaper, 2 lookups) that the local date changes to `date` right there.
 */
function expectDayStart(epochSeconds: number, date: string, zone: string, scan = false): void {
  if (scan) {
    assert.equal(epochSeconds * 1000, oracleDayStart(date, zone), `start of ${date} in ${zone}`);
    return;
  }
  const ms = epochSeconds * 1000;
  assert.ok(
    intlDate(ms - 1000, zone) < date && intlDate(ms, zone) >= date,
    `${ms} is not the start of ${date} in ${zone}`,
  );
}

// ------------------------------------------------------------------------------------ helpers

const plain = (iso: string) => Temporal.PlainDate.from(iso.slice(0, 10));
const localDateAt = (epochSeconds: number, zone: string) => intlDate(epochSeconds * 1000, zone);
const STEP = { daily: { days: 1 }, weekly: { weeks: 1 }, monthly: { months: 1 } } as const;

/** A day that never happened (by the oracle): it starts where the next day starts. */
function skipped(date: Temporal.PlainDate, zone: string): boolean {
  return oracleDayStart(date.toString(), zone) === oracleDayStart(date.add({ days: 1 }).toString(), zone);
}

/** The first day of the period `p` covers, read from its key (independently of its bounds). */
function firstDayOfKey(p: Period): Temporal.PlainDate {
  if (p.cadence === 'weekly') {
    const [year, week] = p.key.split('-W').map(Number) as [number, number];
    const jan4 = Temporal.PlainDate.from({ year, month: 1, day: 4 });
    return jan4.subtract({ days: jan4.dayOfWeek - 1 }).add({ weeks: week - 1 });
  }
  return Temporal.PlainDate.from(p.cadence === 'monthly' ? `${p.key}-01` : p.key.slice(0, 10));
}

/** Non-empty, and `start`/`end` denote the epochs (to the minute: offsets are printed to the minute). */
function expectWellFormed(p: Period): void {
  assert.ok(p.startEpoch < p.endEpoch, `${p.key} in ${p.timeZone} is empty`);
  assert.ok(Math.abs(Date.parse(p.start) / 1000 - p.startEpoch) < 60, `${p.start} vs ${p.startEpoch}`);
  assert.ok(Math.abs(Date.parse(p.end) / 1000 - p.endEpoch) < 60, `${p.end} vs ${p.endEpoch}`);
}

/** UTC offset of `zone` at `ms` in ms, from ICU's wall clock. */
const intlOffset = (ms: number, zone: string): number =>
  Date.parse(`${intlWall(ms, zone).replace(' ', 'T')}Z`) - Math.floor(ms / 1000) * 1000;

/**
 * An instant in [FROM, TO) in `zone`: uniformly random, or (`nearTransition`) `shiftMs` away from the
 * first UTC-offset change within a year after it, so DST days come up often; without one, the random
 * instant. Temporal's getTimeZoneTransition finds the change; it is only asked when ICU's offsets
 * every 30 days differ, because for a zone with no later change the polyfill scans up to 3 years past
 * today in 19-day steps (~20 ms from 1970, more than the whole budget of a zone).
 */
function instantIn(zone: string, ms: number, nearTransition: boolean, shiftMs: number): number {
  if (!nearTransition) return ms;
  const offsets = new Set<number>();
  for (let i = 0; i <= 12; i++) offsets.add(intlOffset(ms + i * 30 * DAY, zone));
  if (offsets.size === 1) return ms;
  const next = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).getTimeZoneTransition('next');
  return next && next.epochMilliseconds < TO - 40 * DAY ? next.epochMilliseconds + shiftMs : ms;
}

/** Runs `property` for each zone with `runs` fast-check runs (the zone is part of the counterexample). */
function forEachZone<T>(
  zones: readonly string[],
  runs: number,
  arb: fc.Arbitrary<T>,
  property: (zone: string, value: T) => void,
): void {
  for (const zone of zones) {
    fc.assert(
      fc.property(fc.constant(zone), arb, (z, value) => property(z, value)),
      { numRuns: runs },
    );
  }
}

// ------------------------------------------------------------------------------------ properties

/** Calendar period of `cadence` reported by a run at `atMs`: bounds, chaining, next run, key round-trip. */
function checkCalendar(zone: string, cadence: PeriodCadence, atMs: number, inNext: number): void {
  const p = scheduledPeriod(cadence, new Date(atMs), zone);
  expectWellFormed(p);
  assert.equal(periodSchema.safeParse(p).success, true);
  // Printed as Temporal prints it (formatIso assembles the string from fields, for speed).
  const start = Temporal.Instant.fromEpochMilliseconds(p.startEpoch * 1000).toZonedDateTimeISO(zone);
  assert.equal(p.start, start.toString({ smallestUnit: 'second', timeZoneName: 'never' }));
  assert.equal(p.cadence, cadence);
  assert.ok(p.endEpoch * 1000 <= atMs, 'the period has ended at the run');

  // Bounds: the first instants of the key's first day and of the day one unit (1 / 7 days, a month) later.
  const first = firstDayOfKey(p);
  if (cadence === 'weekly') assert.equal(first.dayOfWeek, 1);
  if (cadence === 'monthly') assert.equal(first.day, 1);
  expectDayStart(p.startEpoch, first.toString(), zone);
  expectDayStart(p.endEpoch, first.add(STEP[cadence]).toString(), zone);

  // The period just before ends where p starts.
  const prev = previousPeriod(p);
  expectWellFormed(prev);
  assert.deepEqual([prev.cadence, prev.endEpoch], [cadence, p.startEpoch]);

  // Any instant of the next period (which starts at p's end) is a run that reports p; the last instant
  // of p is a run that reports prev.
  const nextEnd = startOfLocalDay(plain(localDateAt(p.endEpoch, zone)).add(STEP[cadence]), zone);
  const t = p.endEpoch * 1000 + Math.floor(inNext * (nextEnd - p.endEpoch * 1000 - 1));
  assert.deepEqual(scheduledPeriod(cadence, new Date(t), zone), p);
  assert.deepEqual(scheduledPeriod(cadence, new Date(p.endEpoch * 1000 - 1), zone), prev);

  // Key (and label) round-trip through the spec parser.
  assert.deepEqual(parsePeriodSpec(p.key, { cadence, timeZone: zone, now: new Date(atMs) }), p);
}

/** `days` whole local days that start (or end) on local date `day`: exact bounds, previous range chains. */
function checkCustom(zone: string, day: Temporal.PlainDate, days: number, endsThere: boolean): void {
  const first = endsThere ? day.subtract({ days }) : day;
  const end = first.add({ days });
  const spec = `${first}..${end}`;
  const ctx = { cadence: 'weekly' as const, timeZone: zone, now: new Date(TO) };
  // Exact bounds from the full scan (these are DST-transition days half of the time).
  const [startMs, endMs] = [oracleDayStart(first.toString(), zone), oracleDayStart(end.toString(), zone)];
  if (startMs === endMs) {
    assert.throws(() => parsePeriodSpec(spec, ctx), /none of these days happened/);
    return;
  }
  const p = parsePeriodSpec(spec, ctx);
  expectWellFormed(p);
  assert.deepEqual([p.key, p.cadence, p.startEpoch * 1000, p.endEpoch * 1000], [spec, 'custom', startMs, endMs]);

  // The same number of days (that happened) immediately before; its key round-trips too.
  const prev = previousPeriod(p);
  expectWellFormed(prev);
  assert.equal(prev.endEpoch, p.startEpoch);
  const [prevFirst, prevEnd] = prev.key.split('..').map(plain) as [Temporal.PlainDate, Temporal.PlainDate];
  assert.equal(prevEnd.toString(), localDateAt(p.startEpoch, zone));
  expectDayStart(prev.startEpoch, prevFirst.toString(), zone);
  assert.equal(happened(prevFirst, prevEnd, prev, zone), happened(first, end, p, zone));
  assert.deepEqual(parsePeriodSpec(prev.key, ctx), prev);
}

const TO_DATE_WORDS = ['today', 'this-week', 'this-month'] as const;

/** A to-date spec at `nowMs`: from the start of the current unit to now rounded down to the hour. */
function checkToDate(zone: string, word: (typeof TO_DATE_WORDS)[number], nowMs: number): void {
  const ctx = { cadence: 'daily' as const, timeZone: zone, now: new Date(nowMs) };
  const today = plain(intlDate(nowMs, zone));
  const first =
    word === 'today'
      ? today
      : word === 'this-week'
        ? today.subtract({ days: today.dayOfWeek - 1 })
        : today.with({ day: 1 });
  const wall = intlWall(nowMs, zone);
  let p: Period;
  try {
    p = parsePeriodSpec(word, ctx);
  } catch (error) {
    // Refused only when the unit began in the current local hour.
    assert.match(String(error), /started less than an hour ago/);
    assert.equal(intlWall(oracleDayStart(first.toString(), zone), zone).slice(0, 13), wall.slice(0, 13));
    return;
  }
  expectWellFormed(p);
  assert.equal(p.cadence, 'custom');
  expectDayStart(p.startEpoch, first.toString(), zone);
  // Ends at now's wall clock rounded down to the hour (or at the end of a DST gap that hour falls in),
  // never after now.
  assert.ok(p.endEpoch * 1000 <= nowMs, 'ends by now');
  const endWall = intlWall(p.endEpoch * 1000, zone);
  const endMs = p.endEpoch * 1000;
  if (endWall.slice(14) === '00:00') assert.equal(endWall.slice(0, 13), wall.slice(0, 13));
  else assert.notEqual(intlOffset(endMs, zone), intlOffset(endMs - 1000, zone), `${endWall} is not a gap's end`);
  const hhmm = p.end.slice(11, 16);
  assert.equal(p.key, `${p.start.slice(0, 10)}..${p.end.slice(0, 10)}T${hhmm.replace(':', '')}`);
  assert.ok(p.label.endsWith(`, until ${hhmm}`), p.label);

  // The comparison is non-empty, starts at the start of a local day within a month before, ends before p.
  const prev = previousPeriod(p);
  expectWellFormed(prev);
  expectDayStart(prev.startEpoch, localDateAt(prev.startEpoch, zone), zone);
  assert.ok(prev.endEpoch <= p.startEpoch, 'the comparison ends before the period starts');
  // Within a month (31 days + Antarctica/Troll's 2 h DST).
  assert.ok(prev.startEpoch >= p.startEpoch - 31 * 86_400 - 2 * 3600, 'the comparison starts within a month before');
}

const arbCase = (nearTransition: fc.Arbitrary<boolean>) =>
  fc.record({
    at: fc.record({
      ms: fc.integer({ min: FROM + 40 * DAY, max: TO - 40 * DAY }),
      nearTransition,
      shiftMs: fc.integer({ min: -36 * H, max: 36 * H }),
    }),
    inNext: fc.double({ min: 0, max: 1, noNaN: true }),
    days: fc.integer({ min: 1, max: 31 }),
    endsThere: fc.boolean(),
    word: fc.constantFrom(...TO_DATE_WORDS),
  });

/** One run: the three cadences, a custom range starting or ending on the instant's day, a to-date spec. */
type Case = ReturnType<typeof arbCase> extends fc.Arbitrary<infer T> ? T : never;

function checkAll(zone: string, { at, inNext, days, endsThere, word }: Case): void {
  const atMs = instantIn(zone, at.ms, at.nearTransition, at.shiftMs);
  for (const cadence of CADENCES) checkCalendar(zone, cadence, atMs, inNext);
  checkCustom(zone, plain(intlDate(atMs, zone)), days, endsThere);
  checkToDate(zone, word, atMs);
}

describe('period properties', () => {
  it(
    `hold in all ${ZONES.length} time zones: calendar periods, custom ranges on DST-transition days, to-date specs`,
    () => {
      forEachZone(ZONES, RUNS, arbCase(fc.boolean()), checkAll);
    },
    Math.max(30_000, RUNS * 15_000),
  ); // deep sweeps (PERIOD_PROPERTY_RUNS) take ~7 s a run on a loaded machine

  it('hold around the DST transitions of zones with odd rules', () => {
    forEachZone(HARD_ZONES, HARD_RUNS, arbCase(fc.constant(true)), checkAll);
  });
});

/**
 * Days of [first, end) that happened in `zone`, `p` being that range. Day by day (2 lookups a day)
 * only when the span is a day short: a skipped day takes 24 h out, DST 1–2 h.
 */
function happened(first: Temporal.PlainDate, end: Temporal.PlainDate, p: Period, zone: string): number {
  const days = first.until(end).days;
  if ((p.endEpoch - p.startEpoch) * 1000 > (days * 24 - 12) * H) return days;
  let n = 0;
  for (let d = first; Temporal.PlainDate.compare(d, end) < 0; d = d.add({ days: 1 })) if (!skipped(d, zone)) n++;
  return n;
}

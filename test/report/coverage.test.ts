/**
 * Mux's time semantics end to end: the engine over real HTTP against the fake (which rounds like Mux, floor),
 * for local periods in zones whose bounds are not Mux boundaries; the snapshot's `coverage` and the email notes
 * (footer, partial line near the top), HTML and text; partial periods; retention refused and clamped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMux, startFakeMux } from '../../fake-mux/server.js';
import { environmentSchema, type ReportConfig, reportSchema } from '../../functions/commons/config/schema.js';
import { MuxClient } from '../../functions/commons/mux/index.js';
import { type Period, parsePeriodSpec, previousPeriod } from '../../functions/commons/period/index.js';
import { renderEmail } from '../../functions/commons/render/index.js';
import { collectReport } from '../../functions/commons/report/collect.js';
import { buildCoverage, planRequest, TimeframeLog } from '../../functions/commons/report/coverage.js';
import { PeriodRefusedError } from '../../functions/commons/report/report-error.js';
import { type Snapshot, snapshotSchema } from '../../functions/commons/report/snapshot-schema.js';
import { asSeen } from '../helpers/look.js';

const NOW = new Date('2026-12-02T12:00:00Z');
const at = (iso: string): number => Date.parse(iso) / 1000;
const environment = environmentSchema.parse({ name: 'prod' });

const fakes: FakeMux[] = [];
const clients: MuxClient[] = [];
let fake: FakeMux;

async function startFake(opts: Parameters<typeof startFakeMux>[0] = {}): Promise<FakeMux> {
  const f = await startFakeMux({ port: 0, now: NOW, rateLimit: false, ...opts });
  fakes.push(f);
  return f;
}

beforeAll(async () => {
  fake = await startFake();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(fakes.map((f) => f.close()));
});

function reportIn(timeZone: string, cadence: ReportConfig['cadence'] = 'weekly'): ReportConfig {
  return reportSchema.parse({
    id: 'r',
    title: 'QoE',
    environment: 'prod',
    cadence,
    timeZone,
    recipients: ['team@example.com'],
    from: 'reports@example.com',
  });
}

async function collect(opts: { report: ReportConfig; period: Period; on?: FakeMux; generatedAt?: Date }) {
  const on = opts.on ?? fake;
  const client = new MuxClient({
    tokenId: 'fake-token-id',
    tokenSecret: 'fake-token-secret',
    baseUrl: on.url,
    maxRetries: 0,
    rateLimit: { dataPerSecond: 500 },
    concurrency: 8,
  });
  clients.push(client);
  const from = on.requests.length;
  const snapshot = await collectReport({
    report: opts.report,
    environment,
    period: opts.period,
    previousPeriod: previousPeriod(opts.period),
    client,
    now: opts.generatedAt ?? NOW,
  });
  /** The `timeframe[]` pairs of every call this report made. */
  const sent = on.requests.slice(from).flatMap((r) => {
    const q = new URLSearchParams(r.query).getAll('timeframe[]').map(Number);
    return q.length === 2 ? [`${q[0]}-${q[1]}`] : [];
  });
  return { snapshot: snapshotSchema.parse(snapshot), sent: new Set(sent) };
}

const spanOf = (s: { startEpoch: number; endEpoch: number }) => `${s.startEpoch}-${s.endEpoch}`;
const footerText = (text: string): string => text.slice(text.lastIndexOf('-'.repeat(78)));

/** Every call carried one of the two aligned spans, Mux echoed them unchanged (rounding was a no-op). */
function expectAligned(snap: Snapshot, sent: Set<string>, current: [string, string], previous: [string, string]) {
  const cov = snap.coverage!;
  const cur = { startEpoch: at(current[0]), endEpoch: at(current[1]) };
  const prev = { startEpoch: at(previous[0]), endEpoch: at(previous[1]) };
  expect(cov.period.sent).toMatchObject(cur);
  expect(cov.period.effective).toEqual(cov.period.sent);
  expect(cov.previousPeriod.sent).toMatchObject(prev);
  expect(cov.previousPeriod.effective).toEqual(cov.previousPeriod.sent);
  expect([...sent].sort()).toEqual([spanOf(cur), spanOf(prev)].sort());
  expect(cov.period.requested).toMatchObject({ startEpoch: snap.period.startEpoch, endEpoch: snap.period.endEpoch });
  for (const id of ['scores', 'insights', 'errors', 'breakdowns', 'trend', 'failedViews'] as const) {
    expect(cov.sections[id].sent).toEqual(cov.period.sent);
    expect(cov.sections[id].effective).toEqual(cov.period.sent);
    expect(cov.sections[id].requested).toEqual(cov.period.requested);
  }
  // Incidents have no timeframe parameter: classified by the local period, nothing sent.
  expect(cov.sections.incidents).toMatchObject({ sent: null, effective: null });
}

/** The Kolkata week, collected once for the two tests that read it (whichever runs first). */
let kolkataRun: ReturnType<typeof collect> | undefined;
const kolkata = () =>
  (kolkataRun ??= collect({
    report: reportIn('Asia/Kolkata'),
    period: parsePeriodSpec('2026-W46', { cadence: 'weekly', timeZone: 'Asia/Kolkata', now: NOW }),
  }));

describe('the request covering a local period most faithfully', () => {
  it('monthly in America/New_York: UTC-day rounding, the local month starts 04:00 (EDT) and ends 05:00 (EST) UTC', async () => {
    const report = reportIn('America/New_York', 'monthly');
    const period = parsePeriodSpec('2026-11', { cadence: 'monthly', timeZone: 'America/New_York', now: NOW });
    expect([period.startEpoch, period.endEpoch]).toEqual([at('2026-11-01T04:00:00Z'), at('2026-12-01T05:00:00Z')]);
    const { snapshot, sent } = await collect({ report, period });
    expectAligned(
      snapshot,
      sent,
      ['2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z'],
      ['2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z'],
    );
    expect(snapshot.coverage).toMatchObject({ rounding: 'day', partial: false });
    expect(snapshot.coverage!.period.cause).toBe('rounding');
    const note =
      'Numbers cover Sun 1 Nov 00:00 – Tue 1 Dec 00:00 UTC (Sat 31 Oct 20:00 – Mon 30 Nov 19:00 America/New_York): Mux rounds a month to whole UTC days.';
    const email = renderEmail(snapshot);
    expect(asSeen(email.html)).toContain(note);
    expect(footerText(email.text).replace(/\n/g, ' ')).toContain(note);
    // The daily trend is Mux's UTC days of the span sent: 30 of them.
    expect(snapshot.trend.points).toHaveLength(30);
    expect(snapshot.trend.points[0]!.start).toBe('2026-11-01T00:00:00.000Z');
  });

  it('weekly in Asia/Kolkata (+05:30): hour rounding, the :30 bounds are ties and go to the earlier hour', async () => {
    const { snapshot, sent } = await kolkata();
    expect(snapshot.period.startEpoch).toBe(at('2026-11-08T18:30:00Z'));
    expectAligned(
      snapshot,
      sent,
      ['2026-11-08T18:00:00Z', '2026-11-15T18:00:00Z'],
      ['2026-11-01T18:00:00Z', '2026-11-08T18:00:00Z'],
    );
    expect(snapshot.coverage!.rounding).toBe('hour');
    const note =
      'Numbers cover Sun 8 Nov 18:00 – Sun 15 Nov 18:00 UTC (Sun 8 Nov 23:30 – Sun 15 Nov 23:30 Asia/Kolkata): Mux rounds a week to whole hours.';
    const email = renderEmail(snapshot);
    expect(asSeen(email.html)).toContain(note);
    expect(footerText(email.text).replace(/\n/g, ' ')).toContain(note);
  });

  it('daily in Asia/Kathmandu (+05:45): 18:15 UTC goes to 18:00; 24 hourly trend buckets of the span sent', async () => {
    const period = parsePeriodSpec('2026-11-16', { cadence: 'daily', timeZone: 'Asia/Kathmandu', now: NOW });
    const { snapshot, sent } = await collect({ report: reportIn('Asia/Kathmandu', 'daily'), period });
    expectAligned(
      snapshot,
      sent,
      ['2026-11-15T18:00:00Z', '2026-11-16T18:00:00Z'],
      ['2026-11-14T18:00:00Z', '2026-11-15T18:00:00Z'],
    );
    expect(snapshot.trend.points).toHaveLength(24);
    expect(snapshot.trend.points[0]).toMatchObject({ start: '2026-11-15T18:00:00.000Z', label: '23:45' });
    expect(asSeen(renderEmail(snapshot).html)).toContain(
      'Numbers cover Sun 15 Nov 18:00 – Mon 16 Nov 18:00 UTC (Sun 15 Nov 23:45 – Mon 16 Nov 23:45 Asia/Kathmandu): Mux rounds a day to whole hours.',
    );
  });

  it('weekly in UTC: nothing to align, no note', async () => {
    const period = parsePeriodSpec('2026-W46', { cadence: 'weekly', timeZone: 'UTC', now: NOW });
    const { snapshot, sent } = await collect({ report: reportIn('UTC'), period });
    expectAligned(
      snapshot,
      sent,
      ['2026-11-09T00:00:00Z', '2026-11-16T00:00:00Z'],
      ['2026-11-02T00:00:00Z', '2026-11-09T00:00:00Z'],
    );
    expect(snapshot.coverage!.period.cause).toBe('none');
    const email = renderEmail(snapshot);
    expect(email.html).not.toContain('Numbers cover');
    expect(email.text).not.toContain('Numbers cover');
  });

  it('a snapshot without coverage (archived v1) still parses and renders without notes', async () => {
    const { coverage: _coverage, ...v1 } = (await kolkata()).snapshot;
    const parsed = snapshotSchema.parse(JSON.parse(JSON.stringify(v1)));
    expect(parsed.coverage).toBeUndefined();
    expect(renderEmail(parsed).html).not.toMatch(/Numbers cover|Partial numbers/);
  });
});

describe('partial periods', () => {
  it('an on-demand this-week (ends at the current hour) is partial: a line near the top, HTML and text', async () => {
    const now = new Date('2026-11-18T14:20:00Z');
    const onNow = await startFake({ now });
    const period = parsePeriodSpec('this-week', { cadence: 'weekly', timeZone: 'UTC', now });
    const { snapshot } = await collect({ report: reportIn('UTC'), period, on: onNow, generatedAt: now });
    expect(snapshot.coverage!.partial).toBe(true);
    const line =
      'Partial numbers: the data ends Wed 18 Nov 14:00 (UTC), 20 minutes before this report was generated. Mux counts a view when it ends, and a view stays open up to an hour after playback stops, so some views are not counted yet.';
    const email = renderEmail(snapshot);
    const html = asSeen(email.html);
    expect(html).toContain(line);
    // Near the top: before the first section.
    expect(html.indexOf(line)).toBeLessThan(html.indexOf('<h2'));
    const head = email.text.split('\n').slice(0, 8).join(' ').replace(/\s+/g, ' ');
    expect(head).toContain(`! ${line}`);
  });

  it('a weekly run at MON 00:30 is partial; at 01:00 (an hour after) it is not', async () => {
    const period = parsePeriodSpec('2026-W46', { cadence: 'weekly', timeZone: 'UTC', now: NOW });
    const early = await collect({ report: reportIn('UTC'), period, generatedAt: new Date('2026-11-16T00:30:00Z') });
    expect(early.snapshot.coverage!.partial).toBe(true);
    expect(renderEmail(early.snapshot).text.replace(/\s+/g, ' ')).toContain(
      'the data ends Mon 16 Nov 00:00 (UTC), 30 minutes before this report was generated.',
    );
    // Exactly an hour after the data ends is no longer partial.
    const onTime = (at: string) =>
      buildCoverage({
        log: new TimeframeLog(planRequest(period, previousPeriod(period))),
        period,
        previousPeriod: previousPeriod(period),
        previousRefused: null,
        keyOf: (id) => id,
        generatedAtMs: Date.parse(at),
      }).partial;
    expect(onTime('2026-11-16T00:59:59Z')).toBe(true);
    expect(onTime('2026-11-16T01:00:00Z')).toBe(false);
  });
});

describe('retention: Mux decides', () => {
  // retentionDays 30 before 2026-12-02T12:00Z: the oldest day kept is 2026-11-02 (UTC).
  it('refuse: the current period refused → PeriodRefusedError naming the period and quoting Mux', async () => {
    const strict = await startFake({ retentionDays: 30 });
    const period = parsePeriodSpec('2026-W44', { cadence: 'weekly', timeZone: 'UTC', now: NOW });
    const err = await collect({ report: reportIn('UTC'), period, on: strict }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PeriodRefusedError);
    expect((err as Error).message).toBe(
      'Mux Data refused period 2026-W44 (week of 26 Oct 2026, UTC; timeframe 2026-10-26T00:00:00Z – 2026-11-02T00:00:00Z): Timeframe start 2026-10-26T00:00:00.000Z is outside the 30-day data retention window (oldest allowed: 2026-11-02T00:00:00.000Z)',
    );
  });

  it('refuse: only the previous period refused → the report has no comparison, and says why', async () => {
    const strict = await startFake({ retentionDays: 30 });
    const period = parsePeriodSpec('2026-W45', { cadence: 'weekly', timeZone: 'UTC', now: NOW });
    const before = strict.requests.length;
    const { snapshot } = await collect({ report: reportIn('UTC'), period, on: strict });
    // One refused scorecard call for the previous week, no per-metric retries of it.
    expect(strict.requests.slice(before).filter((r) => r.status === 400)).toHaveLength(2); // comparison + errors
    expect(snapshot.coverage!.previousPeriod.refused).toMatch(/^Timeframe start 2026-10-26T00:00:00.000Z is outside/);
    expect(snapshot.coverage!.previousPeriod.effective).toBeNull();
    expect(snapshot.scores.items.every((m) => m.previous === null && m.deltaDisplay === 'N/A')).toBe(true);
    expect(snapshot.scores.items[0]!.value).not.toBeNull();
    const email = renderEmail(snapshot);
    expect(asSeen(email.html)).toContain(
      'No comparison with week of 26 Oct 2026: Mux Data refused that period (Timeframe start',
    );
    expect(footerText(email.text)).toContain('No comparison with week of 26 Oct 2026');
  });

  it('clamp: Mux answers from the oldest day it keeps; the snapshot records it and the email says what is covered', async () => {
    const lenient = await startFake({ retentionDays: 30, retentionMode: 'clamp' });
    const period = parsePeriodSpec('2026-11-01..2026-11-08', { cadence: 'weekly', timeZone: 'UTC', now: NOW });
    const { snapshot } = await collect({ report: reportIn('UTC'), period, on: lenient });
    const cur = snapshot.coverage!.period;
    expect(cur.sent).toMatchObject({ startEpoch: at('2026-11-01T00:00:00Z'), endEpoch: at('2026-11-08T00:00:00Z') });
    expect(cur.effective).toMatchObject({
      startEpoch: at('2026-11-02T00:00:00Z'),
      endEpoch: at('2026-11-08T00:00:00Z'),
    });
    expect(cur.covered).toEqual(cur.effective);
    expect(cur.cause).toBe('retention');
    expect(snapshot.coverage!.sections.breakdowns.effective).toEqual(cur.effective);
    // The previous span (25 Oct – 1 Nov) is entirely older: refused even in clamp mode.
    expect(snapshot.coverage!.previousPeriod.refused).toMatch(/outside the 30-day data retention window/);
    // The daily trend covers what Mux answered for: 2–7 Nov.
    expect(snapshot.trend.points.map((p) => p.start.slice(0, 10))).toEqual([
      '2026-11-02',
      '2026-11-03',
      '2026-11-04',
      '2026-11-05',
      '2026-11-06',
      '2026-11-07',
    ]);
    const note =
      'Numbers cover Mon 2 Nov 00:00 – Sun 8 Nov 00:00 UTC only: Mux Data no longer keeps the start of this period.';
    const email = renderEmail(snapshot);
    expect(asSeen(email.html)).toContain(note);
    expect(footerText(email.text).replace(/\n/g, ' ')).toContain(note);
  });
});

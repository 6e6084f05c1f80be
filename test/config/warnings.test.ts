/** Config warnings: a schedule within an hour of the end of its period's data never fails a load, it warns. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../../cli/main.js';
import { type ConfigIssue, loadConfig } from '../../functions/commons/config/load.js';
import { configWarnings, dataEndMinutes } from '../../functions/commons/config/warnings.js';
import { loadInfraConfig } from '../../infra/config.js';
import { minimalReport } from './fixtures.js';

const report = minimalReport;

function load(...reports: Record<string, unknown>[]): ConfigIssue[] {
  const warnings: ConfigIssue[] = [];
  const sources: string[] = [];
  loadConfig({
    json: JSON.stringify({
      environments: [{ name: 'demo' }],
      reports: reports.map((r, i) => report({ id: `r${i}`, ...r })),
    }),
    onWarning: (w, source) => {
      warnings.push(w);
      sources.push(source);
    },
  });
  expect(sources.every((s) => s === 'inline JSON')).toBe(true);
  return warnings;
}

describe('schedule warnings', () => {
  it('a weekly report at MON 00:30 local: 30 minutes after its period ends', () => {
    const [w, ...rest] = load({
      cadence: 'weekly',
      timeZone: 'Europe/Paris',
      schedule: { time: '00:30', weekday: 'MON' },
    });
    expect(rest).toEqual([]);
    expect(w).toEqual({
      path: 'reports[r0].schedule.time',
      message:
        'report "r0" runs at 00:30 on MON (Europe/Paris), 30 minutes after its period ends. Mux counts a view when it ends and a view stays open up to an hour after playback stops, so the report would miss views; schedule it at 01:00 or later',
    });
  });

  it('daily at 00:00 and 00:59 warn, 01:00 does not; weekly on TUE 00:30 or monthly on day 2 does not', () => {
    const warnings = load(
      { cadence: 'daily', schedule: { time: '00:00' } },
      { cadence: 'daily', schedule: { time: '00:59' } },
      { cadence: 'daily', schedule: { time: '01:00' } },
      { cadence: 'weekly', schedule: { time: '00:30', weekday: 'TUE' } },
      { cadence: 'monthly', schedule: { time: '00:10', dayOfMonth: 2 } },
      { cadence: 'daily', schedule: { time: '00:10', enabled: false } },
    );
    expect(warnings.map((w) => w.path)).toEqual(['reports[r0].schedule.time', 'reports[r1].schedule.time']);
    expect(warnings[0]!.message).toContain('runs at 00:00 every day (UTC), when its period ends.');
    expect(warnings[1]!.message).toContain('59 minutes after its period ends');
  });

  it('a monthly report in Asia/Tokyo at the default 08:00 runs before its data ends (Mux rounds a month to UTC days)', () => {
    const [w] = load({ cadence: 'monthly', timeZone: 'Asia/Tokyo' });
    expect(w!.message).toContain(
      'runs at 08:00 on day 1 (Asia/Tokyo), before its data ends at 09:00: Mux rounds a month to whole UTC days, so its numbers cover up to 09:00 local.',
    );
    expect(w!.message).toMatch(/schedule it at 10:00 or later$/);
    // New York's month ends at 04:00/05:00 UTC: the request ends at the UTC midnight before, 19:00/20:00 local.
    expect(load({ cadence: 'monthly', timeZone: 'America/New_York', schedule: { time: '00:05' } })).toEqual([]);
  });

  it('the data end follows the engine alignment: hour class for days and weeks, UTC day for months', () => {
    expect(dataEndMinutes('weekly', 5.5 * 3600)).toBe(-30); // Kolkata: 18:30 UTC → 18:00 (tie → earlier)
    expect(dataEndMinutes('daily', 5.75 * 3600)).toBe(-15); // Kathmandu: 18:15 UTC → 18:00
    expect(dataEndMinutes('weekly', -3.5 * 3600)).toBe(-30); // St John's: 03:30 UTC → 03:00
    expect(dataEndMinutes('monthly', 9 * 3600)).toBe(9 * 60); // Tokyo: 15:00 UTC → next 00:00
    expect(dataEndMinutes('monthly', -5 * 3600)).toBe(-5 * 60); // New York (EST): 05:00 UTC → 00:00
    expect(dataEndMinutes('monthly', 12 * 3600)).toBe(-12 * 60); // +12: 12:00 UTC, a tie → earlier
  });

  it('the example configuration has no warning; warnings are not errors', () => {
    expect(configWarnings(loadConfig({ path: 'reports.config.jsonc', env: {} }))).toEqual([]);
    expect(() =>
      loadConfig({
        json: JSON.stringify({
          environments: [{ name: 'demo' }],
          reports: [report({ schedule: { time: '00:00' }, cadence: 'daily' })],
        }),
      }),
    ).not.toThrow();
  });
});

describe('where warnings are printed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'config-warnings-'));
  const file = join(dir, 'reports.config.jsonc');
  writeFileSync(
    file,
    JSON.stringify({
      environments: [{ name: 'demo' }],
      reports: [report({ id: 'late', cadence: 'weekly', schedule: { time: '00:30', weekday: 'MON' } })],
    }),
  );
  const line = `${file}: reports[late].schedule.time: report "late" runs at 00:30 on MON (UTC), 30 minutes after its period ends.`;

  it('the CLI writes them to stderr and carries on', async () => {
    let stderr = '';
    const io = {
      env: {},
      cwd: dir,
      stdout: { write: () => true },
      stderr: {
        write: (t: string) => {
          stderr += t;
          return true;
        },
      },
    };
    // An invalid period stops the run right after the config is loaded, before any Mux call.
    expect(await runCli('report', ['late', '--config', file, '--period', 'fortnight'], io)).toBe(2);
    expect(stderr).toContain(`report: warning: ${line}`);
    expect(stderr).toMatch(/report: invalid period "fortnight"/);
  });

  it('cdk synth (loadInfraConfig) writes them to stderr and still returns the config', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(loadInfraConfig(file).reports[0]!.id).toBe('late');
      expect(write.mock.calls.map((c) => String(c[0]))).toContainEqual(expect.stringContaining(`warning: ${line}`));
    } finally {
      write.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

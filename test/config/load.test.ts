import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNOWN_DIMENSIONS } from '../../functions/commons/config/dimensions.js';
import {
  ConfigError,
  environmentOf,
  findReport,
  loadConfig,
  parseConfig,
  parseConfigText,
  validateFiltersAgainst,
} from '../../functions/commons/config/load.js';
import { SECTION_IDS, secretNameFor } from '../../functions/commons/config/schema.js';
import { minimalReport as fixtureReport } from './fixtures.js';

const ROOT = join(import.meta.dirname, '..', '..');

const minimalReport = fixtureReport();
const minimal = { environments: [{ name: 'demo' }], reports: [minimalReport] };

/** Runs `fn`, expects a ConfigError and returns it. */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

function withReport(patch: Record<string, unknown>) {
  return { ...minimal, reports: [{ ...minimalReport, ...patch }] };
}

describe('example reports.config.jsonc', () => {
  it('loads, with the three documented reports', () => {
    const config = loadConfig({ path: 'reports.config.jsonc', cwd: ROOT, env: {} });
    expect(config.$schema).toBe('./docs/reports.config.schema.json');
    expect(config.environments.map((e) => [e.name, secretNameFor(e)])).toEqual([['demo', 'mux-qoe-reports/demo']]);
    expect(config.reports.map((r) => [r.id, r.cadence, r.timeZone])).toEqual([
      ['weekly-qoe', 'weekly', 'Europe/Paris'],
      ['daily-player-web', 'daily', 'UTC'],
      ['monthly-exec', 'monthly', 'America/New_York'],
    ]);
    const weekly = findReport(config, 'weekly-qoe');
    expect(weekly.schedule).toEqual({ time: '08:00', weekday: 'MON', dayOfMonth: 1, enabled: true });
    expect(weekly.recipients).toContain('video-team@example.com');
    expect(weekly.from).toBe('qoe-reports@example.com');
    expect(findReport(config, 'daily-player-web').filters).toEqual(['player_name:Web Player']);
    const exec = findReport(config, 'monthly-exec');
    // What the file switches off (a section added later is on by default).
    expect(Object.entries(exec.sections).flatMap(([id, on]) => (on ? [] : [id]))).toEqual([
      'insights',
      'incidents',
      'errors',
      'breakdowns',
      'failedViews',
    ]);
    expect(environmentOf(config, exec).name).toBe('demo');
  });

  it('is the default file, and REPORTS_CONFIG_PATH / REPORTS_CONFIG are honoured', () => {
    expect(loadConfig({ cwd: ROOT, env: {} }).reports).toHaveLength(3);
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    writeFileSync(join(dir, 'other.jsonc'), JSON.stringify(minimal));
    expect(loadConfig({ cwd: ROOT, env: { REPORTS_CONFIG_PATH: join(dir, 'other.jsonc') } }).reports[0]!.id).toBe('r1');
    const fromEnv = loadConfig({ cwd: ROOT, env: { REPORTS_CONFIG: JSON.stringify(withReport({ id: 'env' })) } });
    expect(fromEnv.reports[0]!.id).toBe('env');
    // An explicit path wins over the environment.
    expect(loadConfig({ path: join(dir, 'other.jsonc'), env: { REPORTS_CONFIG: '{' } }).reports[0]!.id).toBe('r1');
  });
});

describe('defaults', () => {
  it('fills every default', () => {
    const config = parseConfig(minimal, 'test');
    expect(config.environments[0]).toEqual({
      name: 'demo',
      dashboardUrl: 'https://dashboard.mux.com',
      rateLimit: { dataPerSecond: 5, monitoringPerSecond: 1 },
      archiveExports: false,
    });
    expect(secretNameFor(config.environments[0]!)).toBe('mux-qoe-reports/demo');
    expect(config.reports[0]).toEqual({
      ...minimalReport,
      cadence: 'weekly',
      timeZone: 'UTC',
      schedule: { time: '08:00', weekday: 'MON', dayOfMonth: 1, enabled: true },
      filters: [],
      sections: Object.fromEntries(SECTION_IDS.map((id) => [id, true])),
      breakdownDimensions: ['country', 'browser', 'viewer_device_category', 'player_name'],
      topN: { insights: 5, errors: 5, breakdown: 5, failedViews: 10 },
      minViews: 100,
      audience: 'internal',
      archive: { renderedEmail: true },
      channels: [{ type: 'email' }],
      sendWhen: 'always',
    });
    expect(config.reports[0]!.keyMetrics).toBeUndefined();
  });
});

describe('error messages', () => {
  it('bad time zone', () => {
    const e = configError(() => parseConfig(withReport({ timeZone: 'Europe/Pariss' }), 'reports.config.jsonc'));
    expect(e.message).toBe(
      'invalid configuration in reports.config.jsonc: reports[r1].timeZone: must be an IANA time zone such as "Europe/Paris"',
    );
    expect(e.issues).toEqual([
      { path: 'reports[r1].timeZone', message: 'must be an IANA time zone such as "Europe/Paris"' },
    ]);
    expect(e.source).toBe('reports.config.jsonc');
  });

  it('unknown environment', () => {
    const e = configError(() => parseConfig(withReport({ environment: 'prod' }), 'x.jsonc'));
    expect(e.issues).toEqual([
      { path: 'reports[r1].environment', message: 'unknown environment "prod" (declared: demo)' },
    ]);
  });

  it('duplicate report id and environment name', () => {
    const e = configError(() =>
      parseConfig(
        { environments: [{ name: 'demo' }, { name: 'demo' }], reports: [minimalReport, minimalReport] },
        'x.jsonc',
      ),
    );
    expect(e.issues).toEqual([
      { path: 'environments[1].name', message: 'duplicate environment "demo"' },
      { path: 'reports[1].id', message: 'duplicate report id "r1"' },
    ]);
  });

  it('bad email', () => {
    const e = configError(() => parseConfig(withReport({ recipients: ['ok@example.com', 'not-an-email'] }), 'x'));
    expect(e.issues).toEqual([{ path: 'reports[r1].recipients[1]', message: 'must be an email address' }]);
  });

  it('bad filter syntax', () => {
    const e = configError(() => parseConfig(withReport({ filters: ['country=US'] }), 'x'));
    expect(e.issues).toEqual([
      { path: 'reports[r1].filters[0]', message: 'must look like "dimension:value" or "!dimension:value"' },
    ]);
  });

  it('unknown filter and breakdown dimensions, with a suggestion', () => {
    const e = configError(() =>
      parseConfig(
        withReport({ filters: ['!player_nam:web', 'country:FR'], breakdownDimensions: ['device_category', 'zzz'] }),
        'x',
      ),
    );
    expect(e.issues).toEqual([
      {
        path: 'reports[r1].filters[0]',
        message: 'unknown Mux dimension "player_nam" in filter "!player_nam:web"; did you mean "player_name"?',
      },
      {
        path: 'reports[r1].breakdownDimensions[0]',
        message:
          'unknown Mux dimension "device_category" in breakdownDimensions; did you mean "viewer_device_category"?',
      },
      { path: 'reports[r1].breakdownDimensions[1]', message: 'unknown Mux dimension "zzz" in breakdownDimensions' },
    ]);
  });

  it('unknown key metric, with a suggestion', () => {
    const e = configError(() => parseConfig(withReport({ keyMetrics: ['video_startup_tme:95th', 'views'] }), 'x'));
    expect(e.issues).toEqual([
      {
        path: 'reports[r1].keyMetrics[0]',
        message: 'unknown Mux metric "video_startup_tme"; did you mean "video_startup_time"?',
      },
    ]);
  });

  it('JSONC: comments and trailing commas are fine, syntax errors give line:column', () => {
    expect(parseConfigText('// hi\n{ "a": [1, 2,], /* x */ }', 't')).toEqual({ a: [1, 2] });
    const text = '{\n  "environments": [\n    { "name" "demo" }\n  ]\n}\n';
    const e = configError(() => loadConfig({ json: text }));
    expect(e.message).toBe('syntax error in inline JSON: 3:14: colon expected');
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    writeFileSync(join(dir, 'broken.jsonc'), text);
    expect(configError(() => loadConfig({ path: 'broken.jsonc', cwd: dir })).message).toMatch(
      /^syntax error in broken\.jsonc: 3:14: colon expected/,
    );
  });

  it('extra unknown field, with a suggestion or the allowed list', () => {
    const e = configError(() => parseConfig(withReport({ timezone: 'UTC', colour: 'red' }), 'x'));
    expect(e.issues[0]).toEqual({ path: 'reports[r1].timezone', message: 'unknown field; did you mean "timeZone"?' });
    expect(e.issues[1]!.path).toBe('reports[r1].colour');
    expect(e.issues[1]!.message).toMatch(/^unknown field \(allowed: id, title, environment, cadence, timeZone/);
    const nested = configError(() => parseConfig(withReport({ schedule: { weekdays: 'MON' } }), 'x'));
    expect(nested.issues).toEqual([
      { path: 'reports[r1].schedule.weekdays', message: 'unknown field; did you mean "weekday"?' },
    ]);
    const top = configError(() => parseConfig({ ...minimal, report: [] }, 'x'));
    expect(top.issues).toEqual([{ path: 'report', message: 'unknown field; did you mean "reports"?' }]);
  });

  it('recipients and from: required with the email channel (the default), not for a chat-only report', () => {
    const { recipients: _r, from: _f, ...bare } = minimalReport;
    const email = configError(() => parseConfig({ ...minimal, reports: [bare] }, 'x'));
    expect(email.issues).toEqual([
      {
        path: 'reports[r1].recipients',
        message: 'must have at least 1 item (the email channel is on: it is the default channel)',
      },
      { path: 'reports[r1].from', message: 'is required (the email channel is on: it is the default channel)' },
    ]);
    const slack = [{ type: 'slack', webhookSecret: 'chat/qoe' }];
    const chatOnly = parseConfig({ ...minimal, reports: [{ ...bare, channels: slack }] }, 'x').reports[0]!;
    expect(chatOnly.recipients).toEqual([]);
    expect(chatOnly.from).toBeUndefined();
    const both = configError(() =>
      parseConfig(
        { ...minimal, reports: [{ ...bare, from: 'r@example.com', channels: [...slack, { type: 'email' }] }] },
        'x',
      ),
    );
    expect(both.issues.map((i) => i.path)).toEqual(['reports[r1].recipients']);
  });

  it('missing fields, empty lists, missing files', () => {
    const e = configError(() => parseConfig({ reports: [] }, 'x'));
    expect(e.issues).toEqual([
      { path: 'environments', message: 'is required' },
      { path: 'reports', message: 'must have at least 1 item' },
    ]);
    expect(configError(() => loadConfig({ path: 'nope.jsonc', cwd: ROOT })).message).toMatch(
      /^cannot load configuration in nope\.jsonc: cannot read .*nope\.jsonc: file not found$/,
    );
    expect(configError(() => loadConfig({ json: '  // nothing\n' })).message).toMatch(/the document is empty/);
  });
});

describe('helpers', () => {
  const config = parseConfig(
    { environments: [{ name: 'demo' }], reports: [minimalReport, { ...minimalReport, id: 'weekly-qoe' }] },
    'x',
  );

  it('findReport names the configured ids and suggests', () => {
    expect(findReport(config, 'r1').id).toBe('r1');
    expect(() => findReport(config, 'weekly-qo')).toThrow(
      'no report with id "weekly-qo"; did you mean "weekly-qoe"? (configured: r1, weekly-qoe)',
    );
  });

  it('environmentOf explains an undeclared environment', () => {
    const orphan = { ...config.reports[0]!, environment: 'prod' };
    expect(() => environmentOf(config, orphan)).toThrow(
      'uses environment "prod", which is not declared (declared: demo)',
    );
  });

  it('validateFiltersAgainst checks filters against a live dimension list', () => {
    const filtered = parseConfig(withReport({ filters: ['player_name:web', '!custom_1:x'] }), 'x');
    expect(validateFiltersAgainst({ basic: ['country'], advanced: ['player_name', 'custom_1'] }, filtered)).toEqual([]);
    expect(validateFiltersAgainst({ basic: ['country'], advanced: ['player_name'] }, filtered)).toEqual([
      { path: 'reports[r1].filters[1]', message: 'unknown Mux dimension "custom_1" in filter "!custom_1:x"' },
    ]);
  });

  it('ships the documented dimension list', () => {
    expect(KNOWN_DIMENSIONS).toContain('player_name');
    expect(KNOWN_DIMENSIONS).toContain('viewer_device_model');
    expect(KNOWN_DIMENSIONS).toContain('view_session_id');
    expect(new Set(KNOWN_DIMENSIONS).size).toBe(KNOWN_DIMENSIONS.length);
  });
});

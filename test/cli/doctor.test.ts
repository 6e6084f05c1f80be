/**
 * `npm run doctor` through the real AWS SDK v3 clients: Secrets Manager against the local endpoint of
 * support/local-aws.ts, Mux against the fake Mux Data API, and STS, SES v2 (account, identities), CloudFormation
 * and Lambda against test/helpers/aws-stand-in.ts, a local stand-in answering with AWS's documented example
 * responses (no emulator on npm serves those APIs). A passing and a failing case for every check, and the
 * command's usage errors, help and no-stack-trace rule.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runDoctor } from '../../cli/doctor/run.js';
import { localConfigDigest } from '../../cli/doctor/stack-checks.js';
import { type FakeMux, startFakeMux } from '../../fake-mux/server.js';
import { configSchema } from '../../functions/commons/config/schema.js';
import { type LocalAws, startLocalAws } from '../../support/local-aws.js';
import { type AwsStandIn, freshStandInState, startAwsStandIn } from '../helpers/aws-stand-in.js';

const NOW = new Date('2026-12-07T10:00:00Z'); // a Monday
const TOKEN = { tokenId: 'doctor-id', tokenSecret: 'doctor-secret' };
const SECRET = 'mux-qoe-reports/prod';

interface World {
  dir: string;
  fake: FakeMux;
  local: LocalAws;
  aws: AwsStandIn;
  secrets: Record<string, string | null>;
}

let world: World;

function baseConfig(overrides: Record<string, unknown> = {}) {
  return {
    environments: [{ name: 'prod' }],
    reports: [
      {
        id: 'weekly-qoe',
        title: 'Weekly',
        environment: 'prod',
        timeZone: 'Europe/Paris',
        schedule: { time: '08:00', weekday: 'MON' },
        recipients: ['video@acme.io', 'oncall@acme.io'],
        from: 'reports@acme.io',
        ...overrides,
      },
    ],
  };
}

async function writeConfig(config: unknown): Promise<string> {
  const file = path.join(world.dir, `config-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(config));
  return file;
}

async function doctor(
  argv: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runDoctor(argv, {
    env: { ...world.local.env, ...world.aws.env, MUX_BASE_URL: world.fake.url, ...env },
    cwd: world.dir,
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    now: () => NOW,
  });
  // Never a stack trace, never a token.
  expect(`${out}${err}`).not.toMatch(/\n\s+at .+[:(]\d+/);
  expect(`${out}${err}`).not.toContain(TOKEN.tokenSecret);
  return { code, out, err };
}

/** The finding lines of one check. */
const lines = (out: string, check: string) => out.split('\n').filter((l) => l.slice(5).startsWith(`${check}:`));

/** A deployed world where everything is right. */
async function deployedWorld(config = configSchema.parse(baseConfig())) {
  world.aws.state.identities = [{ name: 'acme.io' }];
  world.aws.state.production = true;
  world.aws.state.max24HourSend = 50_000;
  world.aws.state.stacks = {
    CDKToolkit: { status: 'CREATE_COMPLETE' },
    MuxQoeReportsStack: {
      status: 'UPDATE_COMPLETE',
      outputs: { OnDemandUrl: 'https://abc.lambda-url.eu-west-1.on.aws/' },
      functions: { ScheduledReportFunction1: 'stack-scheduled', OnDemandFunction2: 'stack-on-demand' },
    },
  };
  const digest = localConfigDigest(config)!;
  world.aws.state.functions = {
    'stack-scheduled': { REPORTS_CONFIG_SHA256: digest },
    'stack-on-demand': { REPORTS_CONFIG_SHA256: digest },
  };
}

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'doctor-'));
  const fake = await startFakeMux({ port: 0, host: '127.0.0.1', ...TOKEN, now: NOW, rateLimit: false });
  const secrets: Record<string, string | null> = {};
  // The endpoint reads this object on every request: tests change the secrets in place.
  const local = await startLocalAws({ secrets });
  const aws = await startAwsStandIn();
  world = { dir, fake, local, aws, secrets };
});

afterAll(async () => {
  await Promise.all([world.fake.close(), world.local.close(), world.aws.close()]);
  await rm(world.dir, { recursive: true, force: true });
});

beforeEach(async () => {
  for (const k of Object.keys(world.secrets)) delete world.secrets[k];
  world.secrets[SECRET] = JSON.stringify(TOKEN);
  Object.assign(world.aws.state, freshStandInState());
  world.aws.operations.length = 0;
  await deployedWorld();
});

afterEach(() => world.fake.clearFaults());

describe('npm run doctor', () => {
  it('passes a deployed, configured account: every check ok, exit 0, read-only calls only', async () => {
    const { code, out } = await doctor(['--config', await writeConfig(baseConfig())]);
    expect(code, out).toBe(0);
    for (const check of [
      'config',
      'ses-grant',
      'aws-credentials',
      'ses-identity',
      'ses-sandbox',
      'ses-quota',
      'bootstrap',
      'stack',
      'secrets',
      'mux',
      'deployed-config',
    ]) {
      expect(lines(out, check).length, check).toBeGreaterThan(0);
      for (const l of lines(out, check)) expect(l, out).toMatch(/^ok {3}/);
    }
    // The next three runs in the report's zone (Mondays 08:00 Paris = 07:00 UTC in winter).
    expect(out).toContain('Mon 2026-12-14 08:00 Europe/Paris (07:00 UTC)');
    expect(out).toContain('Mon 2026-12-21 08:00 Europe/Paris');
    expect(out).toContain('Mon 2026-12-28 08:00 Europe/Paris');
    expect(out).toContain('account 123456789012 in eu-west-1 as arn:aws:iam::123456789012:user/Alice');
    expect(out).toMatch(/doctor: \d+ ok, 0 warnings, 0 failed/);
    expect(
      world.aws.operations.every((op) => /:(Get|Describe|List)|:GET |list-identities/.test(op)),
      world.aws.operations.join(),
    ).toBe(true);
    // One Mux Data call and one Monitoring call.
    expect(world.fake.requests.filter((r) => r.path.includes('/data/v1/')).length).toBeGreaterThan(0);
  });

  it('config: an invalid configuration fails with its reasons; the sample addresses are a warning', async () => {
    const bad = await doctor(['--config', await writeConfig(baseConfig({ timeZone: 'Mars/Olympus' }))]);
    expect(bad.code).toBe(1);
    expect(lines(bad.out, 'config')[0]).toMatch(/^FAIL config: invalid configuration/);
    expect(bad.out).toMatch(/reports\[[a-z0-9-]+\]\.timeZone/);
    expect(bad.out).toMatch(/doctor: 0 ok, 0 warnings, 1 failed: something would fail/);

    const sample = await doctor(['--config', await writeConfig(baseConfig({ recipients: ['team@example.com'] }))]);
    expect(
      lines(sample.out, 'config').some((l) => /^WARN config: report "weekly-qoe" emails team@example\.com/.test(l)),
    ).toBe(true);
    expect(sample.out).toContain('schedule DISABLED');
  });

  it('ses-grant: a from outside the deploy’s sesIdentity fails (what cdk synth refuses)', async () => {
    const { code, out } = await doctor(['--config', await writeConfig(baseConfig()), '--ses-identity', 'other.org']);
    expect(code).toBe(1);
    expect(lines(out, 'ses-grant')[0]).toMatch(/^FAIL ses-grant: the stack grants SES sending only as other\.org/);
  });

  it('aws-credentials: refused credentials fail and skip the account checks', async () => {
    world.aws.state.credentials = false;
    const { code, out } = await doctor(['--config', await writeConfig(baseConfig())]);
    expect(code).toBe(1);
    expect(lines(out, 'aws-credentials')[0]).toMatch(
      /^FAIL aws-credentials: no usable AWS credentials or region \(ExpiredToken/,
    );
    expect(out).toContain('AWS_REGION=');
    expect(lines(out, 'ses-identity')).toEqual([]);
  });

  it('ses-identity: a from with no verified identity fails; a pending one says so', async () => {
    world.aws.state.identities = [];
    const none = await doctor(['--config', await writeConfig(baseConfig())]);
    expect(none.code).toBe(1);
    expect(lines(none.out, 'ses-identity')[0]).toMatch(
      /^FAIL ses-identity: reports@acme\.io: no SES identity in this region covers it/,
    );
    expect(none.out).toContain('-c sesDomain=acme.io');

    world.aws.state.identities = [{ name: 'acme.io', status: 'PENDING' }];
    const pending = await doctor(['--config', await writeConfig(baseConfig())]);
    expect(lines(pending.out, 'ses-identity')[0]).toMatch(/exists but is not verified/);
  });

  it('ses-sandbox: in the sandbox every recipient must be verified', async () => {
    world.aws.state.production = false;
    world.aws.state.identities = [{ name: 'acme.io' }];
    const ok = await doctor(['--config', await writeConfig(baseConfig())]);
    expect(lines(ok.out, 'ses-sandbox')[0]).toMatch(
      /^ok {3}ses-sandbox: in the SES sandbox; all 2 recipients are verified/,
    );

    const other = await doctor(['--config', await writeConfig(baseConfig({ recipients: ['boss@partner.io'] }))]);
    expect(other.code).toBe(1);
    expect(lines(other.out, 'ses-sandbox')[0]).toMatch(/^FAIL ses-sandbox: .*not verified: boss@partner\.io/);
    expect(other.out).toContain('aws sesv2 create-email-identity --email-identity boss@partner.io');

    world.aws.state.identities = [{ name: 'acme.io' }, { name: 'boss@partner.io' }];
    const verified = await doctor(['--config', await writeConfig(baseConfig({ recipients: ['boss@partner.io'] }))]);
    expect(lines(verified.out, 'ses-sandbox')[0]).toMatch(/^ok/);
  });

  it('ses-quota: warns when a fan-out’s busiest 24 hours exceed the sandbox’s 200 a day', async () => {
    world.aws.state.production = false;
    world.aws.state.max24HourSend = 200;
    world.aws.state.identities = [{ name: 'acme.io' }];
    const small = await doctor(['--config', await writeConfig(baseConfig())]);
    expect(lines(small.out, 'ses-quota')[0]).toMatch(/^ok {3}ses-quota: busiest 24 hours: 2 emails of a quota of 200/);

    const fanOut = baseConfig({
      recipients: ['a@acme.io', 'b@acme.io', 'c@acme.io'],
      fanOut: { dimension: 'sub_property_id', values: { top: 100 } },
    });
    const big = await doctor(['--config', await writeConfig(fanOut)]);
    expect(lines(big.out, 'ses-quota')[0]).toMatch(
      /^WARN ses-quota: the busiest 24 hours send 300 emails \(weekly-qoe 300\), over the account's quota of 200/,
    );
    expect(big.out).toContain('request production access');
  });

  it('bootstrap: a missing CDKToolkit stack fails with the bootstrap command', async () => {
    delete world.aws.state.stacks.CDKToolkit;
    const { code, out } = await doctor(['--config', await writeConfig(baseConfig())]);
    expect(code).toBe(1);
    expect(lines(out, 'bootstrap')[0]).toMatch(/^FAIL bootstrap: the account\/region is not bootstrapped/);
    expect(out).toContain('npx cdk bootstrap aws://123456789012/eu-west-1');
  });

  it('stack and secrets: before a deploy a missing secret is a warning; an empty one always fails; no value is printed', async () => {
    world.aws.state.stacks = { CDKToolkit: { status: 'CREATE_COMPLETE' } };
    delete world.secrets[SECRET];
    const before = await doctor(['--config', await writeConfig(baseConfig())]);
    expect(lines(before.out, 'stack')[0]).toMatch(/^skip stack: MuxQoeReportsStack is not deployed yet/);
    expect(lines(before.out, 'secrets')[0]).toMatch(/^WARN secrets: mux-qoe-reports\/prod .* does not exist yet/);
    expect(lines(before.out, 'deployed-config')[0]).toMatch(/^skip/);

    await deployedWorld();
    world.secrets[SECRET] = null; // created by the deploy, never filled
    const empty = await doctor(['--config', await writeConfig(baseConfig())]);
    expect(empty.code).toBe(1);
    expect(lines(empty.out, 'secrets')[0]).toMatch(/^FAIL secrets: mux-qoe-reports\/prod .* exists but is empty/);
    expect(empty.out).toContain('put-secret-value --secret-id mux-qoe-reports/prod');
    expect(lines(empty.out, 'mux')[0]).toMatch(/^skip mux/);
  });

  it('mux: a refused token is named 401; Monitoring off the plan is a warning; exports off the plan fail archiveExports', async () => {
    world.secrets[SECRET] = JSON.stringify({ tokenId: 'wrong', tokenSecret: 'token' });
    const refused = await doctor(['--config', await writeConfig(baseConfig())]);
    expect(refused.code).toBe(1);
    expect(lines(refused.out, 'mux')[0]).toMatch(
      /^FAIL mux: environment "prod": Mux refused the token \(401 unauthorized\)/,
    );

    world.secrets[SECRET] = JSON.stringify(TOKEN);
    world.fake.addFault({ match: '/monitoring/', kind: 'plan-gated' });
    world.fake.addFault({ match: '/exports', kind: 'plan-gated' });
    const archive = { environments: [{ name: 'prod', archiveExports: true }], reports: baseConfig().reports };
    await deployedWorld(configSchema.parse(archive));
    const gated = await doctor(['--config', await writeConfig(archive)]);
    const mux = lines(gated.out, 'mux');
    expect(mux[0]).toMatch(/^ok {3}mux: environment "prod": the token reads Mux Data/);
    expect(mux[1]).toMatch(
      /^WARN mux: .*Monitoring API is not on this Mux plan \(403: The Monitoring API is not available on your plan\)/,
    );
    expect(mux[2]).toMatch(/^FAIL mux: .*archiveExports is on but exports are not on this Mux plan/);
  });

  it('deployed-config: a deployed configuration other than the local one is a warning', async () => {
    world.aws.state.functions['stack-on-demand'] = { REPORTS_CONFIG_SHA256: 'f'.repeat(64) };
    const { code, out } = await doctor(['--config', await writeConfig(baseConfig())]);
    expect(code).toBe(0);
    const found = lines(out, 'deployed-config');
    expect(
      found.some((l) => /^ok {3}deployed-config: ScheduledReportFunction1 runs the local configuration/.test(l)),
    ).toBe(true);
    expect(
      found.some((l) =>
        /^WARN deployed-config: OnDemandFunction2 runs another configuration than the local one \(REPORTS_CONFIG_SHA256 ffffffffffff/.test(
          l,
        ),
      ),
    ).toBe(true);
    expect(out).toMatch(/doctor: \d+ ok, 1 warning, 0 failed: nothing would fail; read the warnings/);
  });

  it('--help prints the checks and starts nothing; a bad flag is one line and exit 2', async () => {
    const help = await doctor(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: npm run doctor/);
    expect(help.out).toContain('deployed-config');
    expect(world.aws.operations).toEqual([]);

    const bad = await doctor(['--regoin', 'eu-west-1']);
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toMatch(/^doctor: unknown option --regoin/);
    expect((await doctor(['--stack-name', ''])).err).toMatch(/--stack-name must not be empty/);
  });
});

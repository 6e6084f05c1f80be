/**
 * Smoke test of the DEPLOYED artefacts: each `functions/<name>/handler.ts` is bundled by `bundleHandler`
 * (infra/bundling.ts: what `npm run build` and every CDK asset run) into a folder with no node_modules, and invoked as Lambda would (`handler(event, context)` after an ESM import) in a child
 * process — on this Node, and on Node 24 (the Lambda runtime) via `npx -y node@24` when this one is another
 * version and it can be fetched. AWS is the local emulators (S3, SES, DynamoDB, Secrets Manager) and Mux is the fake,
 * all on 127.0.0.1, wired only through environment variables, as in a deployment.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotSchema } from '../../functions/commons/report/snapshot-schema.js';
import { bundleHandler as bundle, HANDLER_NAMES, type HandlerName } from '../../infra/bundling.js';
import { functionUrlEvent } from '../../support/events.js';
import { exampleConfig, type Stage, startStage } from '../../support/stage.js';
import { type ProcessRun, runProcess } from '../helpers/run-process.js';

const HANDLERS = HANDLER_NAMES;

const BUCKET = 'smoke-snapshots';
const TABLE = 'smoke-idempotency';
const RESULT_MARK = '@@SMOKE-RESULT@@';

interface Runtime {
  label: string;
  /** Path of the node binary, or null with the reason it is unavailable. */
  bin: string | null;
  reason: string;
}

/** `npx -y node@24` downloads a real Node 24 from the registry (cached after the first time). */
async function findNode24(): Promise<Runtime> {
  const unavailable = (reason: string): Runtime => ({ label: 'Node 24', bin: null, reason });
  let run: ProcessRun;
  try {
    run = await runProcess('npx', ['-y', 'node@24', '-p', 'process.execPath + " " + process.version'], {
      cwd: tmpdir(),
      env: process.env,
      timeoutMs: 60_000,
    });
  } catch (error) {
    return unavailable(`npx failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const match = /^(\S+) (v24\.\S+)$/m.exec(run.stdout.trim());
  if (match) return { label: `Node ${match[2]}`, bin: match[1]!, reason: '' };
  return unavailable(run.code === null ? 'npx -y node@24 timed out after 60 s' : `npx -y node@24 exited ${run.code}`);
}

const thisProcess: Runtime = { label: `Node ${process.version} (this process)`, bin: process.execPath, reason: '' };
// CI runs on Node 24 (.ci/run): then this process is the Lambda runtime and a second Node 24 would repeat it.
const runtimes: Runtime[] = process.version.startsWith('v24.') ? [thisProcess] : [thisProcess, await findNode24()];

/** What the child prints: the handler's answer or its error. */
type Outcome = { ok: true; result: unknown } | { ok: false; name: string; message: string };

/** The Lambda runtime's side: import the ESM bundle, call `handler(event, context)`, print the outcome. */
const INVOKE_SCRIPT = `
const event = JSON.parse(process.env.SMOKE_EVENT);
const context = {
  awsRequestId: 'smoke-' + Date.now(), functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:' + process.env.AWS_LAMBDA_FUNCTION_NAME,
  memoryLimitInMB: '512', logGroupName: '/aws/lambda/smoke', logStreamName: 'smoke', callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 60000,
};
let outcome;
try {
  const m = await import(process.env.SMOKE_BUNDLE);
  outcome = { ok: true, result: await m.handler(event, context) };
} catch (error) {
  outcome = { ok: false, name: String(error && error.name), message: String(error && error.message || error) };
}
process.stdout.write('\\n${RESULT_MARK}' + JSON.stringify(outcome) + '\\n');
`;

let workDir: string;
interface Bundle {
  /** The entry, `<folder>/index.mjs`. */
  file: string;
  /** Every file of the deployed folder, relative (entry, chunks, maps). */
  files: string[];
  /** Imports esbuild left outside the bundle (must be Node built-ins only). */
  external: string[];
  metafile: Metafile;
}
/** Bundle per handler, or the build error (reported by that handler's tests, not the whole file). */
let bundles: Record<HandlerName, Bundle | Error>;
let stage: Stage;
let s3: S3Client;

/** The example config, with the client rate limit raised (the fake's is off) so a run takes < 1 s. */
const archiveConfig = JSON.stringify(exampleConfig({ unthrottled: true, archiveExports: true }));

async function invoke(
  runtime: Runtime,
  name: HandlerName,
  event: unknown,
  extraEnv: Record<string, string> = {},
): Promise<Outcome & { stdout: string; stderr: string }> {
  const bin = runtime.bin;
  if (!bin) throw new Error(`runtime unavailable: ${runtime.reason}`);
  const bundle = bundles[name];
  if (bundle instanceof Error) throw bundle;
  const dir = path.dirname(bundle.file);
  const { stdout, stderr } = await runProcess(
    bin,
    ['--enable-source-maps', '--input-type=module', '-e', INVOKE_SCRIPT],
    {
      // The bundle's folder: no node_modules anywhere above /tmp/…, like /var/task.
      cwd: dir,
      env: {
        ...stage.processEnv(`smoke-${name}`, 512),
        AWS_EC2_METADATA_DISABLED: 'true',
        SMOKE_BUNDLE: pathToFileURL(bundle.file).href,
        SMOKE_EVENT: JSON.stringify(event),
        ...extraEnv,
      },
      timeoutMs: 20_000,
    },
  );
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARK));
  if (!line) throw new Error(`no result from ${name} on ${runtime.label}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
  return { ...(JSON.parse(line.slice(RESULT_MARK.length)) as Outcome), stdout, stderr };
}

async function s3Text(key: string): Promise<string> {
  const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return object.Body!.transformToString('utf8');
}

/** Bundles one handler as it is deployed, into its own folder (nothing else to resolve imports from, like /var/task). */
async function bundleHandler(name: HandlerName): Promise<[HandlerName, Bundle | Error]> {
  try {
    const built = bundle(name, path.join(workDir, 'task', name));
    const external = Object.values(built.metafile.outputs)
      .flatMap((o) => o.imports)
      .filter((i) => i.external)
      .map((i) => i.path);
    return [name, { file: path.join(built.dir, 'index.mjs'), files: built.files, external, metafile: built.metafile }];
  } catch (error) {
    return [name, new Error(`${name} does not build: ${(error as Error).message}`)];
  }
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'smoke-bundles-'));
  const [built, started] = await Promise.all([
    Promise.all(HANDLERS.map((name) => bundleHandler(name))),
    startStage({
      config: exampleConfig({ unthrottled: true, archiveExports: false }),
      bucket: BUCKET,
      table: TABLE,
      // Retries of a flaky emulator should not stretch the test.
      settings: { logLevel: 'WARN', mux: { retryBaseDelayMs: 10 } },
    }),
  ]);
  stage = started;
  bundles = Object.fromEntries(built) as Record<HandlerName, Bundle | Error>;
  s3 = new S3Client({
    endpoint: stage.aws.endpoints.s3!,
    region: stage.aws.env.AWS_REGION!,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
}, 60_000);

afterAll(async () => {
  s3?.destroy();
  await stage?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** The output files a plain `import('./index.mjs')` loads (static imports only). */
function staticOutputs(metafile: Metafile): Set<string> {
  const entry = Object.keys(metafile.outputs).find((o) => o.endsWith('/index.mjs'))!;
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const out = queue.pop()!;
    if (seen.has(out)) continue;
    seen.add(out);
    for (const i of metafile.outputs[out]!.imports)
      if (i.kind === 'import-statement' && !i.external) queue.push(i.path);
  }
  return seen;
}

/** Bytes per input (file under node_modules or functions/) of the outputs a plain import loads. */
function staticInputs(metafile: Metafile): Map<string, number> {
  const inputs = new Map<string, number>();
  for (const out of staticOutputs(metafile)) {
    for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[out]!.inputs)) {
      if (bytesInOutput > 0) inputs.set(input, (inputs.get(input) ?? 0) + bytesInOutput);
    }
  }
  return inputs;
}

it.each(HANDLERS)(
  '%s bundles into one self-contained folder: index.mjs (+ chunks/), banner and map on each file',
  async (name) => {
    const bundle = bundles[name];
    if (bundle instanceof Error) throw bundle;
    // The entry file holds the handler itself (no lazy shim in front of it).
    const entry = Object.entries(bundle.metafile.outputs).find(([o]) => o.endsWith('/index.mjs'))![1];
    expect(Object.keys(entry.inputs)).toContain(`functions/${name}/handler.ts`);
    const code = bundle.files.filter((f) => f.endsWith('.mjs'));
    // Every code file, entry and chunks, carries the createRequire banner (one module scope each) and a map.
    for (const file of code) {
      const text = await readFile(path.join(path.dirname(bundle.file), file), 'utf8');
      expect(text.startsWith("import { createRequire } from 'module';"), file).toBe(true);
      expect(bundle.files, file).toContain(`${file}.map`);
    }
    // Only Node built-ins are left outside: everything else is inside the file. (`node:`-only modules such
    // as node:sqlite, lazily required by undici, are not in Node 20's builtinModules.)
    expect(bundle.external.filter((p) => !p.startsWith('node:') && !builtinModules.includes(p))).toEqual([]);
    // zod's 60+ message locales (258 KiB of every bundle) stay out: functions/ imports zod as a namespace
    // (`import * as z`), which esbuild tree-shakes; one `import { z } from 'zod'` would bring them all back.
    const locales = allInputs(bundle.metafile).filter((i) => /zod\/v4\/locales\/(?!en\.js)/.test(i));
    expect(locales).toEqual([]);
  },
);

/** Every input with bytes in any output. */
function allInputs(metafile: Metafile): string[] {
  return Object.values(metafile.outputs).flatMap((o) =>
    Object.entries(o.inputs)
      .filter(([, v]) => v.bytesInOutput > 0)
      .map(([i]) => i),
  );
}

it('on-demand: what GET /reports loads has no Mux client, AWS SDK, renderer or mail composer', () => {
  const bundle = bundles['on-demand'];
  if (bundle instanceof Error) throw bundle;
  const loaded = [...staticInputs(bundle.metafile).keys()];
  const heavy =
    /node_modules\/(undici|@aws-sdk|@smithy|nodemailer|eta|temporal-polyfill)\/|functions\/commons\/(render|report\/collect|pipeline\/generate|live)/;
  expect(loaded.filter((i) => heavy.test(i))).toEqual([]);
  // The configuration arrives validated and sealed (settings/index.ts): neither its zod schema nor classic zod is
  // loaded at init; the settings and the request parser use zod/mini (the core both share is loaded).
  expect(loaded).toContain('functions/commons/settings/index.ts');
  expect(loaded.filter((i) => /config\/(schema|load)\.ts$|zod\/v4\/classic\//.test(i))).toEqual([]);
  expect(loaded).toContain('node_modules/zod/v4/mini/schemas.js');
  // The routes some requests never use are chunks loaded on their first request.
  const entry = Object.entries(bundle.metafile.outputs).find(([o]) => o.endsWith('/index.mjs'))![1];
  const lazy = entry.imports.filter((i) => i.kind === 'dynamic-import').map((i) => path.basename(i.path));
  expect([...new Set(lazy.map((f) => f.replace(/-[A-Z0-9]+\.mjs$/, '')))].sort()).toEqual([
    'live-route',
    'load',
    'report-routes',
    'snapshot-route',
  ]);
});

it.each(['scheduled-report', 'archive-exports'] as const)(
  '%s loads all of its own code at import (no lazy chunk of ours but the validator of an unsealed config)',
  (name) => {
    const bundle = bundles[name];
    if (bundle instanceof Error) throw bundle;
    const loaded = staticOutputs(bundle.metafile);
    const lazyOurs = Object.entries(bundle.metafile.outputs)
      .filter(([o]) => !loaded.has(o))
      .flatMap(([, o]) => Object.entries(o.inputs).filter(([, v]) => v.bytesInOutput > 0))
      .map(([i]) => i)
      .filter((i) => i.startsWith('functions/'));
    // config/load.ts validates a configuration that was not sealed at synth (settings/index.ts): rarely needed. Its
    // chunk holds the configuration schema and what only the schema uses (config/, catalog/ ids).
    expect(lazyOurs).toContain('functions/commons/config/load.ts');
    expect(lazyOurs.filter((i) => !/^functions\/commons\/(config\/[^/]+|catalog\/ids)\.ts$/.test(i))).toEqual([]);
  },
);

for (const [index, runtime] of runtimes.entries()) {
  const title = runtime.bin ? runtime.label : `${runtime.label} — skipped: ${runtime.reason}`;
  describe.skipIf(!runtime.bin)(title, () => {
    // Each runtime reports on a different week, so both really collect, archive and send.
    const scheduledTime = new Date(Date.now() - index * 7 * 86_400_000).toISOString();

    it(`scheduled-report: archives the snapshot in S3 and sends one email through SES`, async () => {
      await stage.aws.sesClear();
      const out = await invoke(runtime, 'scheduled-report', { reportId: 'weekly-qoe', scheduledTime });
      expect(out, out.stdout + out.stderr).toMatchObject({ ok: true });
      const result = (out as { result: { status: string; snapshotKey: string; periodKey: string } }).result;
      expect(result.status).toBe('sent');
      expect(result.snapshotKey).toMatch(
        /^snapshots\/report=weekly-qoe\/cadence=weekly\/dt=\d{4}-\d{2}-\d{2}\/snapshot\.json$/,
      );

      const text = await s3Text(result.snapshotKey);
      expect(text.trimEnd()).not.toContain('\n'); // one line, for Athena
      const snapshot = snapshotSchema.parse(JSON.parse(text));
      expect(snapshot.period.key).toBe(result.periodKey);
      expect(snapshot.headline.hasViews).toBe(true);
      expect(snapshot.archiveLocation).toBe(`s3://${BUCKET}/${result.snapshotKey}`);
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'emails/report=weekly-qoe/' }));
      expect(
        (listed.Contents ?? []).map((o) => o.Key).filter((k) => k?.includes(`dt=${snapshot.period.start.slice(0, 10)}`))
          .length,
      ).toBeGreaterThan(0);

      const mails = await stage.aws.sesStore();
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toContain(snapshot.period.label);
      const raws = stage.aws.sesRaw();
      expect(raws).toHaveLength(1);
      expect(raws[0]!.destinations.sort()).toEqual(['oncall-video@example.com', 'video-team@example.com']);
      expect(raws[0]!.raw.toString('utf8')).toMatch(/^X-Report-Period: /m);
      expect(mails[0]!.body.html).toContain('<html');
    }, 20_000);

    it(`on-demand: GET /reports answers 200 with the configured reports`, async () => {
      const out = await invoke(runtime, 'on-demand', functionUrlEvent('GET', '/reports'));
      expect(out, out.stdout + out.stderr).toMatchObject({ ok: true });
      const response = (out as { result: { statusCode: number; headers: Record<string, string>; body: string } })
        .result;
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.headers['x-request-id']).toMatch(/^smoke-/);
      const body = JSON.parse(response.body) as { reports: Array<{ id: string }> };
      expect(body.reports.map((r) => r.id)).toEqual(['weekly-qoe', 'daily-player-web', 'monthly-exec']);
    }, 20_000);

    it(`on-demand: GET /reports/daily-player-web?format=json previews a snapshot (Secrets Manager + Mux)`, async () => {
      const out = await invoke(
        runtime,
        'on-demand',
        functionUrlEvent('GET', '/reports/daily-player-web', 'period=yesterday&format=json'),
      );
      expect(out, out.stdout + out.stderr).toMatchObject({ ok: true });
      const response = (out as { result: { statusCode: number; headers: Record<string, string>; body: string } })
        .result;
      expect(response.statusCode, response.body).toBe(200);
      const snapshot = snapshotSchema.parse(JSON.parse(response.body));
      expect(snapshot.report.id).toBe('daily-player-web');
      expect(snapshot.period.cadence).toBe('daily');
      expect(response.headers['x-report-period']).toBe(snapshot.period.key);
      expect(snapshot.cost.calls).toBeGreaterThan(5);
    }, 20_000);

    it(`archive-exports: with archiveExports on, copies Mux's raw exports to S3 (once)`, async () => {
      const out = await invoke(
        runtime,
        'archive-exports',
        { environment: 'demo', scheduledTime },
        { REPORTS_CONFIG: archiveConfig },
      );
      expect(out, out.stdout + out.stderr).toMatchObject({ ok: true });
      const result = (out as { result: { status: string; archived: string[]; skipped: number; failed: unknown[] } })
        .result;
      expect(result.failed).toEqual([]);
      // The first runtime archives; a later one finds everything already there.
      expect(result.status).toBe(index === 0 ? 'archived' : 'up-to-date');
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'exports/demo/' }));
      const keys = (listed.Contents ?? []).map((o) => o.Key!);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) expect(key).toMatch(/^exports\/demo\/dt=\d{4}-\d{2}-\d{2}\/[A-Za-z0-9._-]+$/);
      if (index === 0) expect(result.archived.sort()).toEqual(keys.sort());
      else expect(result.skipped).toBe(keys.length);
    }, 20_000);

    it(`archive-exports: a plan without exports is "not-available", not a failure`, async () => {
      stage.fake.addFault({ match: '/exports', kind: 'plan-gated' });
      try {
        const out = await invoke(
          runtime,
          'archive-exports',
          { environment: 'demo', scheduledTime },
          { REPORTS_CONFIG: archiveConfig },
        );
        expect(out, out.stdout + out.stderr).toMatchObject({ ok: true });
        expect((out as { result: unknown }).result).toMatchObject({
          status: 'not-available',
          archived: [],
          reason: expect.stringContaining('not available'),
        });
      } finally {
        stage.fake.clearFaults();
      }
    }, 20_000);
  });
}

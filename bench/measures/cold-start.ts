/**
 * §1 Cold start and §5 memory.
 *
 * Each built bundle folder (`index.mjs` + split `chunks/` + maps, not meta.json) is copied to a temp
 * folder with no node_modules (as in a Lambda zip) and run by
 * a FRESH `node --input-type=module` process:
 * - import-only process (spawn → exit, timed by the parent) vs a bare `node -e ''` process, interleaved
 *   in the same loop so both see the same machine load → ratio (budget ≤ 2.5×);
 * - a serving process: imports, then answers real invocations against the fake Mux + local emulators
 *   (in-process timings for import and each request, and the process's peak RSS).
 * And the rejected alternative: a fresh process doing `import mjml` + the first `mjml2html` compile of
 * templates/layouts/report.mjml with the build's options.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { functionUrlEvent, mondayMorning, scheduledEvent } from '../../support/events.js';
import type { Stage } from '../../support/stage.js';
import { type Row, row } from '../lib/budget.js';
import { failureReason, RESULT_MARKER, runChild } from '../lib/child.js';
import type { HandlerInfo } from '../lib/handlers.js';
import { median, round } from '../lib/stats.js';

export const COLD_START_RATIO_BUDGET = 2.5;
export const PEAK_RSS_BUDGET_MB = 160;

interface Invocation {
  label: string;
  event: unknown;
}

interface ServeResult {
  bootMs: number;
  importMs: number;
  requests: Array<{
    label: string;
    ms: number;
    ok: boolean;
    status: number | null;
    bytes: number | null;
    error?: string;
  }>;
  maxRssMB: number;
}

interface MjmlResult {
  bootMs: number;
  importMs: number;
  firstCompileMs: number;
  warmCompileMs: number;
  errors: number;
  htmlBytes: number;
}

const IMPORT_ONLY = "await import('./index.mjs'); process.exit(0);";

/** Runs in the child: import, invoke each event with a Lambda-like context, report timings. */
const SERVE = `
const t0 = performance.now();
const mod = await import('./index.mjs');
const t1 = performance.now();
const invocations = JSON.parse(process.env.BENCH_INVOCATIONS ?? '[]');
const out = { bootMs: t0, importMs: t1 - t0, requests: [], maxRssMB: 0 };
for (const [i, { label, event }] of invocations.entries()) {
  const context = {
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:' + process.env.AWS_LAMBDA_FUNCTION_NAME,
    memoryLimitInMB: '256', awsRequestId: 'bench-' + Date.now() + '-' + i,
    logGroupName: '/aws/lambda/bench', logStreamName: 'bench', callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 300000, done() {}, fail() {}, succeed() {},
  };
  const s = performance.now();
  try {
    const res = await mod.handler(event, context);
    const status = res && typeof res === 'object' && typeof res.statusCode === 'number' ? res.statusCode : null;
    const bytes = res && typeof res === 'object' && typeof res.body === 'string' ? Buffer.byteLength(res.body) : null;
    out.requests.push({ label, ms: performance.now() - s, ok: status === null || status < 400, status, bytes,
      ...(status !== null && status >= 400 ? { error: String(res.body).slice(0, 200) } : {}) });
  } catch (e) {
    out.requests.push({ label, ms: performance.now() - s, ok: false, status: null, bytes: null,
      error: String(e && e.message ? e.message : e).slice(0, 200) });
  }
}
out.maxRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write('${RESULT_MARKER}' + JSON.stringify(out) + '\\n');
process.exit(0);
`;

const MJML = `
import { readFileSync } from 'node:fs';
const t0 = performance.now();
const { default: mjml2html } = await import('mjml');
const t1 = performance.now();
const opts = JSON.parse(process.env.BENCH_MJML_OPTIONS);
const src = readFileSync(opts.filePath, 'utf8');
const first = await mjml2html(src, opts);
const t2 = performance.now();
await mjml2html(src, opts);
const t3 = performance.now();
process.stdout.write('${RESULT_MARKER}' + JSON.stringify({ bootMs: t0, importMs: t1 - t0, firstCompileMs: t2 - t1,
  warmCompileMs: t3 - t2, errors: first.errors.length, htmlBytes: Buffer.byteLength(first.html) }) + '\\n');
process.exit(0);
`;

/** What each function is asked to do in the serving run (none: import only). */
function invocationsFor(name: string, run: number, now: Date): Invocation[] {
  if (name === 'on-demand') {
    return [
      { label: 'GET /reports', event: functionUrlEvent('GET', '/reports') },
      {
        label: 'GET /reports/weekly-qoe?format=html',
        event: functionUrlEvent('GET', '/reports/weekly-qoe', 'format=html'),
      },
    ];
  }
  if (name === 'scheduled-report') {
    // A different week per run: a repeated week would be an "already-sent" no-op.
    return [{ label: 'scheduled weekly-qoe', event: scheduledEvent('weekly-qoe', mondayMorning(now, run + 1)) }];
  }
  return [];
}

/** True when no node_modules folder exists in `dir` or above it (Node would resolve packages there). */
function noNodeModulesAbove(dir: string): boolean {
  let d = dir;
  const { root } = parse(d);
  for (;;) {
    if (existsSync(join(d, 'node_modules'))) return false;
    if (d === root) return true;
    d = dirname(d);
  }
}

export interface ColdStartDetails {
  bareMs: number[];
  importWallMs: Record<string, number[]>;
  /** Same, with NODE_OPTIONS=--enable-source-maps (the `sourceMapStackTraces` deploy option). */
  importWallWithMapsMs: Record<string, number[]>;
  serve: Record<string, ServeResult[]>;
  mjml: Array<MjmlResult & { wallMs: number }>;
  folder: string;
}

export async function measureColdStart(options: {
  runs: number;
  stage: Stage;
  handlers: HandlerInfo[];
  repoRoot: string;
  log: (line: string) => void;
}): Promise<{ rows: Row[]; details: ColdStartDetails }> {
  const { runs, stage, repoRoot, log } = options;
  const built = options.handlers.filter((h) => h.built);
  const folder = mkdtempSync(join(tmpdir(), 'bench-cold-'));
  const details: ColdStartDetails = {
    bareMs: [],
    importWallMs: {},
    importWallWithMapsMs: {},
    serve: {},
    mjml: [],
    folder,
  };
  const rows: Row[] = [];
  try {
    if (!noNodeModulesAbove(folder)) log(`WARNING: a node_modules folder exists above ${folder}`);
    for (const h of built) {
      // The whole folder: index.mjs imports its chunks on the first invocation.
      cpSync(dirname(h.bundle), join(folder, h.name), {
        recursive: true,
        filter: (src) => !src.endsWith('meta.json'),
      });
      details.importWallMs[h.name] = [];
      details.importWallWithMapsMs[h.name] = [];
      details.serve[h.name] = [];
    }
    const { mjmlOptions, TEMPLATES_DIR } = await import('../../scripts/build-templates.js');
    const mjmlEnv = {
      PATH: process.env['PATH'] ?? '',
      BENCH_MJML_OPTIONS: JSON.stringify(mjmlOptions(join(TEMPLATES_DIR, 'layouts', 'report.mjml'))),
    };
    const bare = () => runChild(['-e', ''], { env: { PATH: process.env['PATH'] ?? '' } });
    const importOnly = (h: HandlerInfo, sourceMaps = false) => {
      const env = stage.processEnv(h.name);
      if (sourceMaps) env['NODE_OPTIONS'] = '--enable-source-maps';
      return runChild(['--input-type=module', '-e', IMPORT_ONLY], { cwd: join(folder, h.name), env });
    };

    // Warm-up (discarded): the first spawns pay for the page cache.
    await bare();
    for (const h of built) await importOnly(h);

    const now = new Date();
    for (let run = 0; run < runs; run++) {
      log(`  cold start run ${run + 1}/${runs}`);
      details.bareMs.push((await bare()).wallMs);
      for (const h of built) {
        const r = await importOnly(h);
        if (r.code !== 0) throw new Error(`${h.name}: import failed: ${failureReason(r)}`);
        details.importWallMs[h.name]!.push(r.wallMs);
        details.importWallWithMapsMs[h.name]!.push((await importOnly(h, true)).wallMs);
      }
      const m = await runChild<MjmlResult>(['--input-type=module', '-e', MJML], { cwd: repoRoot, env: mjmlEnv });
      if (m.result) details.mjml.push({ ...m.result, wallMs: m.wallMs });
      else log(`  mjml alternative failed: ${failureReason(m)}`);
      for (const h of built) {
        const invocations = invocationsFor(h.name, run, now);
        if (invocations.length === 0 || h.placeholder) continue;
        const s = await runChild<ServeResult>(['--input-type=module', '-e', SERVE], {
          cwd: join(folder, h.name),
          env: { ...stage.processEnv(h.name), BENCH_INVOCATIONS: JSON.stringify(invocations) },
        });
        if (!s.result) {
          details.serve[h.name]!.push({
            bootMs: Number.NaN,
            importMs: Number.NaN,
            requests: [
              { label: 'process', ms: Number.NaN, ok: false, status: null, bytes: null, error: failureReason(s) },
            ],
            maxRssMB: Number.NaN,
          });
        } else details.serve[h.name]!.push(s.result);
      }
    }

    const bareMedian = median(details.bareMs);
    rows.push(
      row({
        id: 'cold-start.bare-node',
        measure: 'bare node process (node -e "")',
        value: round(bareMedian),
        unit: 'ms',
        notes: `spawn → exit, median of ${runs}`,
      }),
    );
    for (const h of built) {
      const wall = median(details.importWallMs[h.name]!);
      const withMaps = median(details.importWallWithMapsMs[h.name]!);
      const ratio = wall / bareMedian;
      const inner = details.serve[h.name]!.filter((s) => Number.isFinite(s.importMs)).map((s) => s.importMs);
      rows.push(
        row({
          id: `cold-start.${h.name}.import-ratio`,
          measure: `cold start ${h.name}: import process / bare`,
          value: round(ratio, 2),
          unit: '×',
          display: `${round(ratio, 2)}× (${round(wall)} ms)`,
          budget: { max: COLD_START_RATIO_BUDGET, label: `≤ ${COLD_START_RATIO_BUDGET}× bare` },
          notes:
            `spawn → exit of a process that only imports the bundle, as deployed (no --enable-source-maps)` +
            // Code splitting: the import is the lazy shim; the handler's chunks compile in the first request.
            '; entry index.mjs only, chunks load on the first request' +
            (inner.length ? `; import itself ${round(median(inner))} ms` : '') +
            `; with --enable-source-maps ${round(withMaps)} ms (${round(withMaps / bareMedian, 2)}×)` +
            (h.placeholder ? '; PLACEHOLDER handler (tiny bundle, figure not meaningful yet)' : ''),
        }),
      );
      rows.push(...requestRows(h, details.serve[h.name]!, runs));
    }

    if (details.mjml.length > 0) {
      const wall = median(details.mjml.map((m) => m.wallMs));
      const imp = median(details.mjml.map((m) => m.importMs));
      const first = median(details.mjml.map((m) => m.firstCompileMs));
      const warm = median(details.mjml.map((m) => m.warmCompileMs));
      const sched = details.importWallMs['scheduled-report'];
      const gain = sched?.length ? wall - median(sched) : null;
      rows.push(
        row({
          id: 'cold-start.mjml-runtime-alternative',
          measure: 'rejected: import mjml + first compile',
          value: round(wall),
          unit: 'ms',
          display: `${round(wall)} ms (${round(wall / bareMedian, 2)}× bare)`,
          notes:
            `import ${round(imp)} ms + first mjml2html ${round(first)} ms (warm ${round(warm)} ms)` +
            (gain !== null ? `; ${round(gain)} ms more than the whole scheduled-report import process` : '') +
            (details.mjml[0]!.errors ? `; ${details.mjml[0]!.errors} MJML errors` : ''),
        }),
      );
    }
    rows.push(memoryRow(built, details));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  return { rows, details };
}

function requestRows(h: HandlerInfo, serves: ServeResult[], runs: number): Row[] {
  const labels = invocationsFor(h.name, 0, new Date()).map((i) => i.label);
  if (labels.length === 0) {
    return [
      row({
        id: `cold-start.${h.name}.first-request`,
        measure: `first request ${h.name}`,
        value: null,
        unit: 'ms',
        notes: 'import only (needs a Mux plan with exports; not served in the bench)',
      }),
    ];
  }
  return labels.map((label, i) => {
    const id = `cold-start.${h.name}.request-${i + 1}`;
    const measure = `${i === 0 ? 'first' : 'next'} request ${h.name}: ${label}`;
    if (h.placeholder) return row({ id, measure, value: null, unit: 'ms', notes: 'PLACEHOLDER handler: not served' });
    const samples = serves.map((s) => s.requests[i]).filter((r) => r !== undefined);
    const failed = samples.find((r) => !r.ok);
    if (failed || samples.length === 0) {
      return row({
        id,
        measure,
        value: null,
        unit: 'ms',
        status: 'FAIL',
        notes: `FAILED: ${failed?.error ?? 'no result'}`,
      });
    }
    const ms = median(samples.map((r) => r.ms));
    const bytes = samples[0]!.bytes;
    return row({
      id,
      measure,
      value: round(ms),
      unit: 'ms',
      notes:
        (i === 0 ? 'in-process, first invocation of the process' : 'in-process, right after the first') +
        `; fake Mux + emulators, client limit lifted; median of ${runs}` +
        (bytes !== null ? `; HTTP ${samples[0]!.status}, ${bytes} B body` : ''),
    });
  });
}

function memoryRow(built: HandlerInfo[], details: ColdStartDetails): Row {
  const id = 'memory.scheduled-report.peak-rss';
  const measure = 'peak RSS, one scheduled invocation';
  const h = built.find((b) => b.name === 'scheduled-report');
  if (!h) return row({ id, measure, value: null, unit: 'MB', notes: 'scheduled-report not built' });
  if (h.placeholder) return row({ id, measure, value: null, unit: 'MB', notes: 'PLACEHOLDER handler: not measured' });
  const serves = details.serve[h.name]!;
  const ok = serves.filter((s) => s.requests.every((r) => r.ok));
  if (ok.length === 0) {
    return row({ id, measure, value: null, unit: 'MB', status: 'FAIL', notes: 'FAILED: no successful invocation' });
  }
  const peak = Math.max(...ok.map((s) => s.maxRssMB));
  return row({
    id,
    measure,
    value: round(peak),
    unit: 'MB',
    budget: { max: PEAK_RSS_BUDGET_MB, label: `≤ ${PEAK_RSS_BUDGET_MB} MB` },
    notes: `max over ${ok.length} cold invocations (getrusage maxRSS of the child; median ${round(median(ok.map((s) => s.maxRssMB)))} MB)`,
  });
}

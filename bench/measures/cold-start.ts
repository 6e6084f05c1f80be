/**
 * §1 Cold start (what a caller feels) and §5 memory.
 *
 * Each built bundle folder (`dist/functions/<name>/`: `index.mjs`, its `chunks/` if any, maps) is copied to a temp
 * folder with no node_modules (as in a Lambda zip), and every measurement is a FRESH `node --input-type=module`
 * process, timed from spawn to exit by this process, so import, init and the first request are all in it: moving
 * work from init to the first invocation changes nothing here.
 * - Budget: a process that imports on-demand and answers `GET /reports` (no Mux, no AWS) vs a bare node process
 *   that answers the same event with a constant (≤ 2.5×). Interleaved in one loop so both see the same load.
 * - Reported with their breakdown: the first full preview (`GET /reports/weekly-qoe?format=html`) and the first
 *   scheduled run, each in its own fresh process, against the fake Mux + local emulators. The breakdown is the
 *   handler's own "invocation phases" log line (functions/commons/observability/phases.ts): config (at init),
 *   route chunk import, Secrets Manager, Mux, render, AWS (S3, DynamoDB, SES); plus the in-process import time.
 * - archive-exports: a process that only imports it (its run needs a Mux plan with exports).
 * And the rejected alternative: a fresh process doing `import mjml` + the first `mjml2html` compile of
 * templates/layouts/report.mjml with the build's options.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { functionUrlEvent, mondayMorning, scheduledEvent } from '../../support/events.js';
import type { Stage } from '../../support/stage.js';
import { type Row, row } from '../lib/budget.js';
import { type ChildRun, failureReason, RESULT_MARKER, runChild } from '../lib/child.js';
import type { HandlerInfo } from '../lib/handlers.js';
import { median, pairedRatio, round } from '../lib/stats.js';

export const COLD_REQUEST_RATIO_BUDGET = 2.5;
/**
 * `GET /reports` and the bare process are sampled in this many back-to-back pairs per run (they take ~0.2 s a
 * pair): the ratio is the median of the pairs' ratios, so a burst of machine load slows both sides of a pair
 * instead of one side of the median (5 unpaired samples at load 5 on 2 cores moved it by ±0.4×).
 */
const LIST_PAIRS_PER_RUN = 3;
export const PEAK_RSS_BUDGET_MB = 160;

/** The phases of the handlers' "invocation phases" log line. */
const PHASES = ['config', 'import', 'secrets', 'mux', 'render', 'aws'] as const;
type PhaseName = (typeof PHASES)[number];
const PHASE_LABELS: Record<PhaseName, string> = {
  config: 'config',
  import: 'route chunk',
  secrets: 'secrets',
  mux: 'Mux',
  render: 'render',
  aws: 'AWS (S3, DynamoDB, SES)',
};

export interface ServeResult {
  /** performance.now() when the child's script started (Node's own boot). */
  bootMs: number;
  /** `await import('./index.mjs')`: module evaluation and the handler's init work. */
  importMs: number;
  requestMs: number;
  ok: boolean;
  status: number | null;
  bytes: number | null;
  error?: string;
  maxRssMB: number;
}

/** One fresh process: spawn → exit, what it printed, and the phases it logged. */
export interface ColdRun extends ServeResult {
  wallMs: number;
  /** Init phases (first invocation of the process) merged with the invocation's. */
  phases: Partial<Record<PhaseName, number>>;
}

interface MjmlResult {
  bootMs: number;
  importMs: number;
  firstCompileMs: number;
  warmCompileMs: number;
  errors: number;
  htmlBytes: number;
}

const LAMBDA_CONTEXT = `{
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:' + process.env.AWS_LAMBDA_FUNCTION_NAME,
  memoryLimitInMB: '256', awsRequestId: 'bench-' + Date.now(),
  logGroupName: '/aws/lambda/bench', logStreamName: 'bench', callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 300000, done() {}, fail() {}, succeed() {},
}`;

/** The baseline: the same process, event and answer, without our code (a constant Function URL response). */
const BARE = `
const event = JSON.parse(process.env.BENCH_EVENT);
const handler = async (e) => ({ statusCode: 200, headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ path: e.rawPath, reports: [] }) });
await handler(event, ${LAMBDA_CONTEXT});
process.exit(0);
`;

/** Runs in the child: import, one invocation with a Lambda-like context, timings. */
const SERVE = `
const t0 = performance.now();
const mod = await import('./index.mjs');
const t1 = performance.now();
const event = process.env.BENCH_EVENT ? JSON.parse(process.env.BENCH_EVENT) : null;
const out = { bootMs: t0, importMs: t1 - t0, requestMs: 0, ok: true, status: null, bytes: null, maxRssMB: 0 };
if (event) {
  try {
    const res = await mod.handler(event, ${LAMBDA_CONTEXT});
    out.requestMs = performance.now() - t1;
    out.status = res && typeof res === 'object' && typeof res.statusCode === 'number' ? res.statusCode : null;
    out.bytes = res && typeof res === 'object' && typeof res.body === 'string' ? Buffer.byteLength(res.body) : null;
    out.ok = out.status === null || out.status < 400;
    if (!out.ok) out.error = String(res.body).slice(0, 200);
  } catch (e) {
    out.requestMs = performance.now() - t1;
    out.ok = false;
    out.error = String(e && e.message ? e.message : e).slice(0, 200);
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

/** The phases of the "invocation phases" line the handler logged (init phases included), or {}. */
export function phasesFromLog(stdout: string): Partial<Record<PhaseName, number>> {
  for (const line of stdout.split('\n')) {
    if (!line.includes('"invocation phases"')) continue;
    try {
      const entry = JSON.parse(line) as { phasesMs?: Record<string, number>; initPhasesMs?: Record<string, number> };
      const merged: Partial<Record<PhaseName, number>> = {};
      for (const source of [entry.initPhasesMs ?? {}, entry.phasesMs ?? {}]) {
        for (const phase of PHASES) {
          const v = source[phase];
          if (typeof v === 'number') merged[phase] = (merged[phase] ?? 0) + v;
        }
      }
      return merged;
    } catch {
      // Not a JSON log line after all.
    }
  }
  return {};
}

function coldRun(child: ChildRun<ServeResult>): ColdRun {
  const failed = (error: string): ColdRun => ({
    bootMs: Number.NaN,
    importMs: Number.NaN,
    requestMs: Number.NaN,
    ok: false,
    status: null,
    bytes: null,
    error,
    maxRssMB: Number.NaN,
    wallMs: child.wallMs,
    phases: {},
  });
  if (!child.result) return failed(failureReason(child));
  return { ...child.result, wallMs: child.wallMs, phases: phasesFromLog(child.stdout) };
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

/** What is measured; keys of `ColdStartDetails.runs`. */
const CASES = {
  listReports: { handler: 'on-demand', label: 'GET /reports' },
  preview: { handler: 'on-demand', label: 'GET /reports/weekly-qoe?format=html' },
  scheduled: { handler: 'scheduled-report', label: 'scheduled weekly-qoe' },
  archiveImport: { handler: 'archive-exports', label: 'import only' },
} as const;
type CaseName = keyof typeof CASES;

export interface ColdStartDetails {
  /** The bare process answering `GET /reports`, spawn → exit; `bareMs[i]` ran right before `runs.listReports[i]`. */
  bareMs: number[];
  runs: Record<CaseName, ColdRun[]>;
  /** `GET /reports` with NODE_OPTIONS=--enable-source-maps (the `sourceMapStackTraces` deploy option). */
  listReportsWithMapsMs: number[];
  mjml: Array<MjmlResult & { wallMs: number }>;
  folder: string;
}

function eventFor(name: CaseName, run: number, now: Date): unknown {
  switch (name) {
    case 'listReports':
      return functionUrlEvent('GET', '/reports');
    case 'preview':
      return functionUrlEvent('GET', '/reports/weekly-qoe', 'format=html');
    case 'scheduled':
      // A different week per run: a repeated week would be an "already-sent" no-op.
      return scheduledEvent('weekly-qoe', mondayMorning(now, run + 1));
    case 'archiveImport':
      return null;
  }
}

export async function measureColdStart(options: {
  runs: number;
  stage: Stage;
  handlers: HandlerInfo[];
  repoRoot: string;
  log: (line: string) => void;
}): Promise<{ rows: Row[]; details: ColdStartDetails }> {
  const { runs, stage, repoRoot, log } = options;
  const built = new Map(options.handlers.filter((h) => h.built && !h.placeholder).map((h) => [h.name, h]));
  const folder = mkdtempSync(join(tmpdir(), 'bench-cold-'));
  const details: ColdStartDetails = {
    bareMs: [],
    runs: { listReports: [], preview: [], scheduled: [], archiveImport: [] },
    listReportsWithMapsMs: [],
    mjml: [],
    folder,
  };
  const rows: Row[] = [];
  try {
    if (!noNodeModulesAbove(folder)) log(`WARNING: a node_modules folder exists above ${folder}`);
    for (const h of built.values()) cpSync(dirname(h.bundle), join(folder, h.name), { recursive: true });
    const { mjmlOptions, TEMPLATES_DIR } = await import('../../scripts/build-templates.js');
    const mjmlEnv = {
      PATH: process.env['PATH'] ?? '',
      BENCH_MJML_OPTIONS: JSON.stringify(mjmlOptions(join(TEMPLATES_DIR, 'layouts', 'report.mjml'))),
    };
    const listEvent = JSON.stringify(eventFor('listReports', 0, new Date()));
    const bare = () =>
      runChild(['--input-type=module', '-e', BARE], {
        cwd: folder,
        env: { ...stage.processEnv('bare'), BENCH_EVENT: listEvent },
      });
    const serve = (name: CaseName, run: number, now: Date, extraEnv: Record<string, string> = {}) => {
      const handler = CASES[name].handler;
      const event = eventFor(name, run, now);
      return runChild<ServeResult>(['--input-type=module', '-e', SERVE], {
        cwd: join(folder, handler),
        env: { ...stage.processEnv(handler), ...(event ? { BENCH_EVENT: JSON.stringify(event) } : {}), ...extraEnv },
      });
    };
    const cases = (Object.keys(CASES) as CaseName[]).filter((c) => built.has(CASES[c].handler));

    // Warm-up (discarded): the first spawns pay for the page cache.
    await bare();
    if (built.has('on-demand')) await serve('listReports', 0, new Date());

    const now = new Date();
    for (let run = 0; run < runs; run++) {
      log(`  cold start run ${run + 1}/${runs}`);
      for (let pair = 0; pair < LIST_PAIRS_PER_RUN; pair++) {
        details.bareMs.push((await bare()).wallMs);
        if (built.has('on-demand')) details.runs.listReports.push(coldRun(await serve('listReports', run, now)));
      }
      for (const name of cases.filter((c) => c !== 'listReports')) {
        details.runs[name].push(coldRun(await serve(name, run, now)));
      }
      if (built.has('on-demand')) {
        const maps = await serve('listReports', run, now, { NODE_OPTIONS: '--enable-source-maps' });
        details.listReportsWithMapsMs.push(maps.wallMs);
      }
      const m = await runChild<MjmlResult>(['--input-type=module', '-e', MJML], { cwd: repoRoot, env: mjmlEnv });
      if (m.result) details.mjml.push({ ...m.result, wallMs: m.wallMs });
      else log(`  mjml alternative failed: ${failureReason(m)}`);
    }

    const bareMedian = median(details.bareMs);
    rows.push(
      row({
        id: 'cold-start.bare-node',
        measure: 'bare node process answering GET /reports',
        value: round(bareMedian),
        unit: 'ms',
        notes:
          'spawn → exit of node --input-type=module with a constant handler for the same event, ' +
          `median of ${details.bareMs.length}`,
      }),
    );
    rows.push(...caseRows(details, bareMedian));
    rows.push(...mjmlRows(details, bareMedian));
    rows.push(memoryRow(details));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  return { rows, details };
}

const ms = (v: number | undefined): string => `${round(v ?? 0)} ms`;

/** "import 80 ms (config 3 ms) + request 512 ms: secrets 6 ms, Mux 380 ms, …, other 40 ms". */
function breakdown(samples: ColdRun[]): string {
  const med = (pick: (r: ColdRun) => number) => median(samples.map(pick));
  const phase = (p: PhaseName) => med((r) => r.phases[p] ?? 0);
  const request = med((r) => r.requestMs);
  const inRequest = PHASES.filter((p) => p !== 'config' && phase(p) > 0);
  const other = request - inRequest.reduce((n, p) => n + phase(p), 0);
  const logged = samples.some((r) => Object.keys(r.phases).length > 0);
  return (
    `import ${ms(med((r) => r.importMs))}${logged ? ` (config ${ms(phase('config'))})` : ''}` +
    (request > 0
      ? ` + request ${ms(request)}: ${[...inRequest.map((p) => `${PHASE_LABELS[p]} ${ms(phase(p))}`), `other ${ms(other)}`].join(', ')}`
      : '')
  );
}

function caseRows(details: ColdStartDetails, bareMedian: number): Row[] {
  const out: Row[] = [];
  for (const name of Object.keys(CASES) as CaseName[]) {
    const { handler, label } = CASES[name];
    const id = `cold-start.${handler}.${name}`;
    const measure =
      name === 'archiveImport' ? `cold ${handler}: import only` : `cold ${handler}: ${label}, first request`;
    const samples = details.runs[name];
    if (samples.length === 0) {
      out.push(row({ id, measure, value: null, unit: 'ms', notes: `${handler} not built` }));
      continue;
    }
    const failed = samples.find((s) => !s.ok);
    if (failed) {
      out.push(row({ id, measure, value: null, unit: 'ms', status: 'FAIL', notes: `FAILED: ${failed.error}` }));
      continue;
    }
    const wall = median(samples.map((s) => s.wallMs));
    const ratio = wall / bareMedian;
    const size = samples[0]!.bytes !== null ? `; HTTP ${samples[0]!.status}, ${samples[0]!.bytes} B body` : '';
    const common = `fresh process, spawn → exit, median of ${samples.length}; ${breakdown(samples)}`;
    if (name === 'listReports') {
      const maps = median(details.listReportsWithMapsMs);
      const paired = pairedRatio(
        samples.map((s) => s.wallMs),
        details.bareMs,
      );
      out.push(
        row({
          id: `${id}.ratio`,
          measure: `${measure} / bare`,
          value: round(paired, 2),
          unit: '×',
          display: `${round(paired, 2)}× (${round(wall)} ms)`,
          budget: { max: COLD_REQUEST_RATIO_BUDGET, label: `≤ ${COLD_REQUEST_RATIO_BUDGET}× bare` },
          notes:
            `median of ${samples.length} back-to-back pairs (ratio of the medians ${round(ratio, 2)}×); ${common}${size}; ` +
            `with --enable-source-maps ${round(maps)} ms (${round(maps / bareMedian, 2)}×)`,
        }),
      );
    } else {
      out.push(
        row({
          id,
          measure,
          value: round(wall),
          unit: 'ms',
          display: `${round(wall)} ms (${round(ratio, 2)}× bare)`,
          notes: `${common}${size}${name === 'archiveImport' ? ' (its run needs a Mux plan with exports)' : '; fake Mux + emulators, client limit lifted'}`,
        }),
      );
    }
  }
  return out;
}

function mjmlRows(details: ColdStartDetails, bareMedian: number): Row[] {
  if (details.mjml.length === 0) return [];
  const wall = median(details.mjml.map((m) => m.wallMs));
  const imp = median(details.mjml.map((m) => m.importMs));
  const first = median(details.mjml.map((m) => m.firstCompileMs));
  const warm = median(details.mjml.map((m) => m.warmCompileMs));
  return [
    row({
      id: 'cold-start.mjml-runtime-alternative',
      measure: 'rejected: import mjml + first compile',
      value: round(wall),
      unit: 'ms',
      display: `${round(wall)} ms (${round(wall / bareMedian, 2)}× bare)`,
      notes:
        `a process doing only that: import ${round(imp)} ms + first mjml2html ${round(first)} ms (warm ${round(warm)} ms)` +
        (details.mjml[0]!.errors ? `; ${details.mjml[0]!.errors} MJML errors` : ''),
    }),
  ];
}

function memoryRow(details: ColdStartDetails): Row {
  const id = 'memory.scheduled-report.peak-rss';
  const measure = 'peak RSS, one scheduled invocation';
  const ok = details.runs.scheduled.filter((s) => s.ok);
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

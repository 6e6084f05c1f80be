/**
 * `npm run bench [-- --quick] [-- --strict] [-- --only=cold,bundle,api,scale,render,fanout] [-- --no-build]`
 *
 * Builds the functions, measures cold start, bundle composition, Mux API efficiency, scale, memory and
 * rendering, prints a table (measure, value, budget, status, notes), and writes bench/results.json
 * with the machine's facts. Never part of `npm test`. Exit code 0 even when over budget (printed
 * loudly); `--strict` exits 1 when a budget is broken or a measurement failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { reportFailure, wantsVerbose } from '../cli/exit.js';
import { HANDLER_NAMES, REPO_ROOT } from '../infra/bundling.js';
import { parseArgs, SECTIONS, type Section, USAGE } from './lib/args.js';
import { exitCode, type Row, row } from './lib/budget.js';
import { handlers } from './lib/handlers.js';
import { machineFacts } from './lib/machine.js';
import { figuresBlock, replaceFigures } from './lib/readme.js';
import { startBenchStage } from './lib/stage.js';
import { round } from './lib/stats.js';
import { formatMarkdown, formatTable, verdict } from './lib/table.js';
import { measureApiEfficiency } from './measures/api-efficiency.js';
import { measureBundles } from './measures/bundle-size.js';
import { measureColdStart } from './measures/cold-start.js';
import { measureFanOut } from './measures/fan-out.js';
import { measureHistory } from './measures/history.js';
import { measureQueueScale } from './measures/queue-scale.js';
import { measureRender } from './measures/render.js';
import { measureScale } from './measures/scale.js';

const log = (line: string) => process.stderr.write(`${line}\n`);

function runBuild(): { ok: boolean; ms: number; error: string | null } {
  log('bench: npm run build');
  const t0 = performance.now();
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status === 0) return { ok: true, ms, error: null };
  const error = `${r.stderr ?? ''}${r.stdout ?? ''}`.trim().split('\n').slice(-5).join(' | ');
  log(`!!! BUILD FAILED, measuring the bundles already in dist/ (if any): ${error}`);
  return { ok: false, ms, error };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const started = performance.now();
  const machine = machineFacts();
  const plan = args.quick
    ? { coldRuns: 2, apiRuns: 1, jitterRuns: 2, environments: 10, reportsPerEnvironment: 2, renderIterations: 200 }
    : { coldRuns: 5, apiRuns: 3, jitterRuns: 5, environments: 10, reportsPerEnvironment: 5, renderIterations: 1000 };
  const wants = (s: Section) => args.only.includes(s);
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};

  const build = args.build ? runBuild() : null;
  if (build) {
    rows.push(
      row({
        id: 'build',
        measure: `npm run build (templates + ${HANDLER_NAMES.length} bundles)`,
        value: build.ok ? round(build.ms / 1000, 1) : null,
        unit: 's',
        status: build.ok ? 'INFO' : 'FAIL',
        notes: build.ok ? '' : `FAILED: ${build.error}`,
      }),
    );
  }
  const fns = handlers(REPO_ROOT);
  const placeholders = fns.filter((h) => h.placeholder).map((h) => h.name);
  if (placeholders.length) log(`bench: placeholder handlers (not served): ${placeholders.join(', ')}`);

  if (wants('bundle')) {
    log('bench: bundle sizes');
    const r = measureBundles(fns);
    rows.push(...r.rows);
    details['bundles'] = r.details;
  }
  if (wants('render')) {
    log('bench: render');
    const r = measureRender({ iterations: plan.renderIterations });
    rows.push(...r.rows);
    details['render'] = r.details;
  }
  if (wants('history')) {
    log('bench: history reads (52 archived snapshots in s3rver)');
    const r = await measureHistory({ runs: args.quick ? 3 : 10 });
    rows.push(...r.rows);
    details['history'] = r.details;
  }
  if (wants('cold')) {
    log('bench: cold start + memory (fake Mux + local AWS emulators)');
    const stage = await startBenchStage();
    try {
      const r = await measureColdStart({ runs: plan.coldRuns, stage, handlers: fns, repoRoot: REPO_ROOT, log });
      rows.push(...r.rows);
      details['coldStart'] = r.details;
    } finally {
      await stage.close();
    }
  }
  if (wants('api')) {
    log('bench: API efficiency (fake Mux, 100 ms latency, 5 req/s)');
    const r = await measureApiEfficiency({ runs: plan.apiRuns, jitterRuns: plan.jitterRuns, log });
    rows.push(...r.rows);
    details['api'] = r.details;
  }
  if (wants('scale')) {
    log('bench: scale');
    const r = await measureScale({
      environments: plan.environments,
      reportsPerEnvironment: plan.reportsPerEnvironment,
      repoRoot: REPO_ROOT,
      log,
    });
    rows.push(...r.rows);
    details['scale'] = r.details;
  }
  if (wants('queue')) {
    log('bench: many reports (200 reports × 20 environments due at once: per-report vs SQS FIFO per environment)');
    const r = await measureQueueScale({
      environments: 20,
      reportsPerEnvironment: args.quick ? 2 : 10,
      repoRoot: REPO_ROOT,
      log,
    });
    rows.push(...r.rows);
    details['queue'] = r.details;
  }
  if (wants('fanout')) {
    log('bench: fan-out of N = 1, 20, 200, 1,000 segments on the platform fake (today vs tiers, calls counted)');
    const r = await measureFanOut({ log, ...(args.quick ? { sizes: [1, 20, 200] } : {}) });
    rows.push(...r.rows);
    details['fanOut'] = r.details;
  }

  const durationS = round((performance.now() - started) / 1000, 1);
  console.log('');
  console.log(args.markdown ? formatMarkdown(rows) : formatTable(rows));
  console.log('');
  console.log(
    `machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node}, ` +
      `load ${machine.loadAverage.join('/')}; ${args.quick ? 'quick, ' : ''}${durationS} s`,
  );
  console.log(verdict(rows));

  const full = args.only.length === SECTIONS.length;
  if (full) {
    const out = join(REPO_ROOT, 'bench', 'results.json');
    const results = {
      generatedBy: `npm run bench${args.quick ? ' -- --quick' : ''}`,
      machine,
      options: { ...args, plan },
      durationS,
      handlers: fns.map((h) => ({ name: h.name, placeholder: h.placeholder, built: h.built })),
      rows,
      details,
    };
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`wrote ${relative(process.cwd(), out)}`);
    const readme = join(REPO_ROOT, 'bench', 'README.md');
    if (existsSync(readme)) {
      const text = readFileSync(readme, 'utf8');
      const next = replaceFigures(text, figuresBlock(rows, machine, results.generatedBy, durationS));
      if (next !== text) {
        writeFileSync(readme, next);
        console.log(`updated the figures in ${relative(process.cwd(), readme)}`);
      }
    }
  } else console.log('(partial run with --only: bench/results.json not written)');
  process.exitCode = exitCode(rows, args.strict);
}

main().catch((error: unknown) => {
  const argv = process.argv.slice(2);
  process.exitCode = reportFailure('bench', error, process.stderr, { verbose: wantsVerbose(argv) });
});

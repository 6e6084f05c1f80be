/**
 * The bundles CDK actually deploys: one real synth WITH esbuild bundling (+ the split rebuild of the
 * after-bundling hook), then checks on each asset folder (tiny index.mjs + chunks/, ESM banner on every
 * file, no MJML, no metafile shipped, size) and an import + first-chunk smoke test from a folder with no
 * node_modules. Plus the MJML guard on its own.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStack } from '../../infra/app.js';
import { forbiddenInputs } from '../../infra/bundle-guard.mjs';
import { ESM_REQUIRE_BANNER, REPO_ROOT } from '../../infra/bundling.js';
import { loadInfraConfig } from '../../infra/config.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'reports.config.jsonc');
const GUARD = join(REPO_ROOT, 'infra', 'bundle-guard.mjs');
/** Budget per bundle (all code files): SDK v3 clients, Powertools, undici, zod and nodemailer bundled are ~1.6–2 MB; MJML alone would add 3 MB. */
const MAX_BUNDLE_BYTES = 2.5 * 1024 * 1024;
/** The entry is the lazy shim only: everything else is in chunks compiled on the first invocation. */
const MAX_ENTRY_BYTES = 4 * 1024;

describe('bundle guard', () => {
  it('flags inputs from mjml and its mjml-* packages only', () => {
    const metafile = {
      inputs: {
        'functions/scheduled-report/handler.ts': {},
        'node_modules/mjml/lib/index.js': {},
        'node_modules/mjml-core/lib/index.js': {},
        'node_modules/.pnpm/x/node_modules/mjml-parser-xml/lib/index.js': {},
        'node_modules/eta/dist/eta.js': {},
        'functions/commons/render/mjml-helpers.ts': {},
      },
    };
    expect(forbiddenInputs(metafile)).toEqual([
      'node_modules/mjml/lib/index.js',
      'node_modules/mjml-core/lib/index.js',
      'node_modules/.pnpm/x/node_modules/mjml-parser-xml/lib/index.js',
    ]);
  });

  it('fails the bundling hook (exit 1) and removes the metafile with --delete', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guard-'));
    try {
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify({ inputs: { 'node_modules/mjml/lib/index.js': {} } }));
      const failed = spawnSync(process.execPath, [GUARD, bad, '--delete'], { encoding: 'utf8' });
      expect(failed.status).toBe(1);
      expect(failed.stderr).toContain('node_modules/mjml/lib/index.js');
      expect(existsSync(bad)).toBe(false);

      const good = join(dir, 'good.json');
      writeFileSync(good, JSON.stringify({ inputs: { 'node_modules/eta/dist/eta.js': {} } }));
      expect(spawnSync(process.execPath, [GUARD, good], { encoding: 'utf8' }).status).toBe(0);
      expect(existsSync(good)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('bundled synth', () => {
  let outdir: string;
  /** files: every file of the asset folder, relative; bytes: all `.mjs` files. */
  let assets: { dir: string; files: string[]; bytes: number }[];

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'cdk-out-'));
    const app = new App({ outdir, context: { configPath: FIXTURE } });
    buildStack(app);
    app.synth();
    assets = readdirSync(outdir)
      .filter((name) => name.startsWith('asset.') && existsSync(join(outdir, name, 'index.mjs')))
      .map((name) => {
        const dir = join(outdir, name);
        const files = readdirSync(dir, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
          .sort();
        const bytes = files.filter((f) => f.endsWith('.mjs')).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
        return { dir, files, bytes };
      });
  }, 120_000);

  afterAll(() => {
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  it('produces one split ESM bundle per function: tiny index.mjs + chunks/, banner and source map on each file', () => {
    expect(assets).toHaveLength(3);
    for (const { dir, files } of assets) {
      const entry = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(Buffer.byteLength(entry)).toBeLessThan(MAX_ENTRY_BYTES);
      // CDK's single-file build was replaced by the split rebuild.
      expect(entry).toMatch(/import\("\.\/chunks\/invoke-[A-Z0-9]+\.mjs"\)/);
      const code = files.filter((f) => f.endsWith('.mjs'));
      expect(code.filter((f) => f.startsWith('chunks/')).length).toBeGreaterThan(0);
      expect(code.filter((f) => !f.startsWith('chunks/'))).toEqual(['index.mjs']);
      for (const file of code) {
        expect(readFileSync(join(dir, file), 'utf8').startsWith(ESM_REQUIRE_BANNER), file).toBe(true);
        expect(files, file).toContain(`${file}.map`);
      }
      // The guard consumed CDK's metafile and the split rebuild writes none: no metafile is deployed.
      expect(files.filter((f) => f.endsWith('.json'))).toEqual([]);
    }
  });

  it('contains no MJML and stays under the size budget', () => {
    for (const { dir, files, bytes } of assets) {
      const sources = files
        .filter((f) => f.endsWith('.map'))
        .flatMap((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { sources: string[] }).sources);
      expect(sources.filter((source) => /node_modules\/mjml(-[^/]+)?\//.test(source))).toEqual([]);
      console.log(
        `bundle ${sources.find((s) => s.endsWith('handler.ts'))?.split('functions/')[1]}: ${(bytes / 1024).toFixed(1)} KiB in ${files.filter((f) => f.endsWith('.mjs')).length} files (budget ${MAX_BUNDLE_BYTES / 1024} KiB)`,
      );
      expect(bytes).toBeLessThan(MAX_BUNDLE_BYTES);
    }
  });

  it('imports as real ESM from a folder with no node_modules, exports handler() and loads its chunk', () => {
    const env = {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'eu-west-1',
      SNAPSHOT_BUCKET: 'bucket',
      IDEMPOTENCY_TABLE: 'table',
      REPORTS_CONFIG: JSON.stringify(loadInfraConfig(FIXTURE)),
      POWERTOOLS_SERVICE_NAME: 'smoke',
      POWERTOOLS_METRICS_NAMESPACE: 'MuxQoeReports',
    };
    for (const { dir } of assets) {
      const isolated = mkdtempSync(join(tmpdir(), 'bundle-smoke-'));
      try {
        cpSync(dir, isolated, { recursive: true });
        // Importing the invoke chunk is what the first invocation does: it must resolve with no node_modules.
        const script =
          "const m = await import('./index.mjs'); console.log(typeof m.handler);" +
          "const { readFileSync } = await import('node:fs');" +
          "const chunk = /import\\(\"(\\.\\/chunks\\/invoke-[^\"]+)\"\\)/.exec(readFileSync('./index.mjs', 'utf8'))[1];" +
          'const c = await import(chunk); console.log(typeof c.handler);';
        const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
          cwd: isolated,
          env,
          encoding: 'utf8',
          timeout: 20_000,
        });
        expect(out.trim().split('\n')).toEqual(['function', 'function']);
      } finally {
        rmSync(isolated, { recursive: true, force: true });
      }
    }
  });
});

/**
 * The bundles CDK actually deploys: one real synth WITH esbuild bundling, then checks on each asset
 * (ESM banner, no MJML, no metafile shipped, size) and an import smoke test from a folder with no
 * node_modules. Plus the MJML guard on its own.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
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
/** Budget per bundle: SDK v3 clients, Powertools, undici, zod and nodemailer bundled are ~1.6–2 MB; MJML alone would add 3 MB. */
const MAX_BUNDLE_BYTES = 2.5 * 1024 * 1024;

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
  let assets: { dir: string; bytes: number }[];

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'cdk-out-'));
    const app = new App({ outdir, context: { configPath: FIXTURE } });
    buildStack(app);
    app.synth();
    assets = readdirSync(outdir)
      .filter((name) => name.startsWith('asset.') && existsSync(join(outdir, name, 'index.mjs')))
      .map((name) => ({ dir: join(outdir, name), bytes: statSync(join(outdir, name, 'index.mjs')).size }));
  }, 120_000);

  afterAll(() => {
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  it('produces one ESM bundle per function, with the createRequire banner and a source map', () => {
    expect(assets).toHaveLength(3);
    for (const { dir } of assets) {
      expect(readFileSync(join(dir, 'index.mjs'), 'utf8').startsWith(ESM_REQUIRE_BANNER)).toBe(true);
      expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
      // The guard consumed the metafile: it must not be deployed.
      expect(existsSync(join(dir, 'index.meta.json'))).toBe(false);
    }
  });

  it('contains no MJML and stays under the size budget', () => {
    for (const { dir, bytes } of assets) {
      const map = JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8')) as { sources: string[] };
      expect(map.sources.filter((source) => /node_modules\/mjml(-[^/]+)?\//.test(source))).toEqual([]);
      console.log(
        `bundle ${map.sources.find((s) => s.endsWith('handler.ts'))?.split('functions/')[1]}: ${(bytes / 1024).toFixed(1)} KiB (budget ${MAX_BUNDLE_BYTES / 1024} KiB)`,
      );
      expect(bytes).toBeLessThan(MAX_BUNDLE_BYTES);
    }
  });

  it('imports as real ESM from a folder with no node_modules and exports handler()', () => {
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
        copyFileSync(join(dir, 'index.mjs'), join(isolated, 'index.mjs'));
        const out = execFileSync(
          process.execPath,
          ['--input-type=module', '-e', "const m = await import('./index.mjs'); console.log(typeof m.handler);"],
          { cwd: isolated, env, encoding: 'utf8', timeout: 20_000 },
        );
        expect(out.trim()).toBe('function');
      } finally {
        rmSync(isolated, { recursive: true, force: true });
      }
    }
  });
});

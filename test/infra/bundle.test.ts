/**
 * What CDK deploys is what `npm run build` makes: one real synth WITH bundling (each asset's local bundling runs
 * `bundleHandler`, no Docker), then every asset folder compared byte for byte with `bundleHandler`'s output for
 * its handler, and the template's functions pointed at those assets. The layout, banner, size and run checks of
 * the bundles themselves are in test/smoke/bundles.test.ts, which builds them with the same function.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStack } from '../../infra/app.js';
import { bundleHandler, forbiddenInputs, HANDLER_NAMES, liveOutputs } from '../../infra/bundling.js';

// The stack fixture with one customer-facing report, so every handler (unsubscribe too) is deployed.
const FIXTURE = join(import.meta.dirname, 'fixtures', 'customer-facing.config.jsonc');

/** Every file under `dir`, relative → its bytes. */
function folder(dir: string): Map<string, Buffer> {
  return new Map(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => [join(e.parentPath, e.name).slice(dir.length + 1), readFileSync(join(e.parentPath, e.name))]),
  );
}

const same = (a: Map<string, Buffer>, b: Map<string, Buffer>): boolean =>
  a.size === b.size && [...a].every(([file, bytes]) => b.get(file)?.equals(bytes) === true);

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
});

describe('live outputs', () => {
  const out = (...imports: [string, 'import-statement' | 'dynamic-import'][]) => ({
    imports: imports.map(([path, kind]) => ({ path, kind, ...(path.startsWith('node:') ? { external: true } : {}) })),
  });

  it('keeps what the entry reaches through static and dynamic imports, with their maps; drops the rest', () => {
    const metafile = {
      outputs: {
        'dist/f/index.mjs': out(['dist/f/chunks/a.mjs', 'import-statement'], ['node:fs', 'import-statement']),
        'dist/f/index.mjs.map': out(),
        'dist/f/chunks/a.mjs': out(['dist/f/chunks/route.mjs', 'dynamic-import']),
        'dist/f/chunks/a.mjs.map': out(),
        'dist/f/chunks/route.mjs': out(['dist/f/chunks/a.mjs', 'import-statement']),
        'dist/f/chunks/route.mjs.map': out(),
        // A chunk whose import() tree shaking removed, and what only it imports.
        'dist/f/chunks/dead.mjs': out(['dist/f/chunks/dead-dep.mjs', 'import-statement']),
        'dist/f/chunks/dead.mjs.map': out(),
        'dist/f/chunks/dead-dep.mjs': out(),
      },
    };
    expect([...liveOutputs(metafile)].sort()).toEqual([
      'dist/f/chunks/a.mjs',
      'dist/f/chunks/a.mjs.map',
      'dist/f/chunks/route.mjs',
      'dist/f/chunks/route.mjs.map',
      'dist/f/index.mjs',
      'dist/f/index.mjs.map',
    ]);
  });
});

describe('bundled synth', () => {
  let work: string;
  let assets: Map<string, Map<string, Buffer>>;
  let built: Map<string, Map<string, Buffer>>;
  let functions: { handler: string; assetKey: string }[];

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'cdk-out-'));
    const app = new App({ outdir: join(work, 'cdk.out'), context: { configPath: FIXTURE } });
    const stack = buildStack(app);
    const assembly = app.synth();
    const outdir = join(work, 'cdk.out');
    assets = new Map(
      readdirSync(outdir)
        .filter((name) => name.startsWith('asset.') && existsSync(join(outdir, name, 'index.mjs')))
        .map((name) => [name, folder(join(outdir, name))]),
    );
    built = new Map(HANDLER_NAMES.map((name) => [name, folder(bundleHandler(name, join(work, 'build', name)).dir)]));
    const template = assembly.getStackArtifact(stack.artifactId).template as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    functions = Object.values(template.Resources)
      .filter((r) => r.Type === 'AWS::Lambda::Function')
      .map((r) => ({
        handler: r.Properties['Handler'] as string,
        assetKey: (r.Properties['Code'] as { S3Key: string }).S3Key,
      }));
  }, 120_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('deploys, for each handler, exactly the folder bundleHandler (npm run build) writes', () => {
    expect(assets.size).toBe(HANDLER_NAMES.length);
    const matched = [...assets].map(([asset, files]) => ({
      asset,
      handlers: [...built].filter(([, b]) => same(files, b)).map(([name]) => name),
    }));
    for (const m of matched) expect(m.handlers, m.asset).toHaveLength(1);
    expect(matched.map((m) => m.handlers[0]).sort()).toEqual([...HANDLER_NAMES].sort());
    // No metafile or anything else beside the code and its maps.
    for (const files of assets.values()) {
      expect([...files.keys()].filter((f) => !/\.mjs(\.map)?$/.test(f))).toEqual([]);
    }
  });

  it('points every function at one of those assets, with handler index.handler', () => {
    expect(functions).toHaveLength(HANDLER_NAMES.length);
    for (const fn of functions) {
      expect(fn.handler).toBe('index.handler');
      expect(assets.has(`asset.${fn.assetKey.replace(/\.zip$/, '')}`), fn.assetKey).toBe(true);
    }
  });
});

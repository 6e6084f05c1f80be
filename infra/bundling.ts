/**
 * The one definition of how a Lambda handler is bundled, used by BOTH the CDK `NodejsFunction`s
 * (`nodejsBundling()`) and `npm run build` (`esbuildOptions()`), so the bundle smoke-tested locally is
 * the bundle that is deployed.
 *
 * Decisions:
 * - ESM (`.mjs`) with `mainFields: ['module', 'main']` so ESM builds of dependencies are picked and
 *   tree-shaken. CommonJS dependencies bundled into ESM call `require`: the createRequire banner
 *   provides it (without it: "Dynamic require of "fs" is not supported" at import).
 * - The AWS SDK v3 is BUNDLED (`externalModules: []`), not taken from the Lambda runtime: the SDK
 *   version is the one pinned in package-lock.json (tested = deployed), and a bundle runs unchanged
 *   from a folder with no node_modules (local smoke tests, `npx -y node@24`). Cost: ~0.5 MB per bundle,
 *   a few tens of ms of cold start.
 * - `target: node24` is the Lambda runtime; the code must also run on Node 20 (dev/CI), which the
 *   tests exercise on the unbundled sources.
 * - Source maps without `sourcesContent` (one per output file): stack traces map to file:line
 *   (`--enable-source-maps`) while the zip stays small.
 * - Code splitting (`infra/esbuild-options.mjs`): `index.mjs` is the tiny lazy shim of
 *   `functions/<name>/handler.ts`, and everything its `import('./invoke.js')` reaches is in `chunks/`,
 *   compiled on the first invocation instead of at module init. CDK's `NodejsFunction` cannot split
 *   (it passes `--outfile`), so its after-bundling hook rebuilds the same entry split into the asset
 *   folder with `infra/split-bundle.mjs` (same options object), replacing CDK's single file.
 * - MJML must never reach a bundle (3 MB, ~300 ms cold start): templates are compiled at build time.
 *   Both paths fail the build when the esbuild metafile lists an input under `node_modules/mjml`
 *   (see `bundle-guard.mjs`; the split rebuild is checked too).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';
import {
  CHUNKS_DIR,
  ENTRY_FILE,
  ESM_REQUIRE_BANNER,
  EXTERNAL_MODULES,
  MAIN_FIELDS,
  NODE_TARGET,
  splitBuildOptions,
} from './esbuild-options.mjs';

export { CHUNKS_DIR, ENTRY_FILE, ESM_REQUIRE_BANNER, EXTERNAL_MODULES, MAIN_FIELDS, NODE_TARGET };

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Handlers deployed as Lambda functions: `functions/<name>/handler.ts`. */
export const HANDLER_NAMES = ['scheduled-report', 'on-demand', 'archive-exports'] as const;
export type HandlerName = (typeof HANDLER_NAMES)[number];

export function handlerEntry(name: string): string {
  return join(REPO_ROOT, 'functions', name, 'handler.ts');
}

/**
 * Options for `esbuild.build` (scripts/build.ts, tests): one handler → `<outdir>/index.mjs` +
 * `<outdir>/chunks/*.mjs`, each with its `.map`, + metafile. The same object the CDK hook uses.
 */
export function esbuildOptions(entry: string, outdir: string): BuildOptions & { metafile: true; outdir: string } {
  return splitBuildOptions(entry, outdir);
}

/**
 * Shape of `aws-lambda-nodejs` `BundlingOptions` we set (structurally typed here so scripts/build.ts
 * does not load aws-cdk-lib). `format: 'esm'` is `OutputFormat.ESM`.
 */
export interface NodejsBundlingSettings {
  readonly format: 'esm';
  readonly target: string;
  readonly mainFields: string[];
  readonly banner: string;
  readonly minify: true;
  readonly sourceMap: true;
  readonly sourcesContent: false;
  readonly externalModules: string[];
  readonly metafile: true;
  readonly forceDockerBundling: false;
  readonly commandHooks: {
    beforeBundling(inputDir: string, outputDir: string): string[];
    beforeInstall(inputDir: string, outputDir: string): string[];
    afterBundling(inputDir: string, outputDir: string): string[];
  };
}

/** Shell-quotes one argument for the bundling command hooks (`sh -c` locally). */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * NodejsFunction `bundling` settings for the handler at `entry`: same esbuild options, then two
 * after-bundling commands: the MJML guard on CDK's single-file build (it deletes that metafile), and
 * the split rebuild of `entry` into the asset folder (guarded too), which replaces CDK's `index.mjs`.
 */
export function nodejsBundling(entry: string): NodejsBundlingSettings {
  const guard = join(REPO_ROOT, 'infra', 'bundle-guard.mjs');
  const split = join(REPO_ROOT, 'infra', 'split-bundle.mjs');
  return {
    format: 'esm',
    target: NODE_TARGET,
    mainFields: MAIN_FIELDS,
    banner: ESM_REQUIRE_BANNER,
    minify: true,
    sourceMap: true,
    sourcesContent: false,
    externalModules: EXTERNAL_MODULES,
    // The metafile feeds the guard, which then deletes it so it is not deployed.
    metafile: true,
    forceDockerBundling: false,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_inputDir, outputDir) => [
        `${shellQuote(process.execPath)} ${shellQuote(guard)} ${shellQuote(join(outputDir, 'index.meta.json'))} --delete`,
        `${shellQuote(process.execPath)} ${shellQuote(split)} ${shellQuote(entry)} ${shellQuote(outputDir)}`,
      ],
    },
  };
}

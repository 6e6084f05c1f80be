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
 * - Source maps without `sourcesContent`: stack traces map to file:line (`--enable-source-maps`)
 *   while the zip stays small.
 * - MJML must never reach a bundle (3 MB, ~300 ms cold start): templates are compiled at build time.
 *   Both paths fail the build when the esbuild metafile lists an input under `node_modules/mjml`
 *   (see `bundle-guard.mjs`).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";
export const NODE_TARGET = 'node24';
export const MAIN_FIELDS = ['module', 'main'];
/** Nothing is external: the AWS SDK is bundled (see above). */
export const EXTERNAL_MODULES: string[] = [];

/** Handlers deployed as Lambda functions: `functions/<name>/handler.ts`. */
export const HANDLER_NAMES = ['scheduled-report', 'on-demand', 'archive-exports'] as const;
export type HandlerName = (typeof HANDLER_NAMES)[number];

export function handlerEntry(name: string): string {
  return join(REPO_ROOT, 'functions', name, 'handler.ts');
}

/** Options for `esbuild.build` (scripts/build.ts): one handler → `outfile` (`.mjs`) + `.map` + metafile. */
export function esbuildOptions(entry: string, outfile: string): BuildOptions & { metafile: true } {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: NODE_TARGET,
    mainFields: MAIN_FIELDS,
    banner: { js: ESM_REQUIRE_BANNER },
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    external: EXTERNAL_MODULES,
    metafile: true,
    logLevel: 'warning',
  };
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

/** NodejsFunction `bundling` settings: same esbuild options + the mjml guard as an after-bundling hook. */
export function nodejsBundling(): NodejsBundlingSettings {
  const guard = join(REPO_ROOT, 'infra', 'bundle-guard.mjs');
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
      ],
    },
  };
}

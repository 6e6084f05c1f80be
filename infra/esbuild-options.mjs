/**
 * The esbuild options of a Lambda handler bundle, in plain JavaScript so BOTH `infra/bundling.ts`
 * (npm run build, tests) and `infra/split-bundle.mjs` (run with bare `node` by the CDK after-bundling
 * hook) use the same object. See infra/bundling.ts for the reasons behind each option.
 *
 * Code splitting: each `functions/<name>/handler.ts` is a tiny shim that `import()`s its real handler
 * on the first invocation. In a single-file bundle that changes nothing (V8 still compiles ~2 MB at
 * import); with `splitting: true` the dynamic import becomes a separate chunk, so a cold start's module
 * init only compiles the few-KiB `index.mjs`. Layout: `index.mjs` (+ `.map`) and `chunks/*.mjs` (+ `.map`).
 */

/**
 * Prepended to EVERY output file (entry and each chunk). Each file is its own module scope, so one
 * `const require` per file does not clash; CommonJS dependencies bundled into ESM need it.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";
export const NODE_TARGET = 'node24';
export const MAIN_FIELDS = ['module', 'main'];
/** Nothing is external: the AWS SDK is bundled. */
export const EXTERNAL_MODULES = [];
/** The Lambda handler file is `index.mjs` (`handler: 'index.handler'`). */
export const ENTRY_FILE = 'index.mjs';
export const CHUNKS_DIR = 'chunks';

/**
 * Options for `esbuild.build`: one handler → `<outdir>/index.mjs` + `<outdir>/chunks/*.mjs`, a source
 * map per file, and the metafile (for the MJML guard and the bench).
 * @param {string} entry absolute path of `functions/<name>/handler.ts`
 * @param {string} outdir folder that becomes the Lambda asset
 * @returns {import('esbuild').BuildOptions & { metafile: true, outdir: string }}
 */
export function splitBuildOptions(entry, outdir) {
  return {
    entryPoints: [entry],
    outdir,
    entryNames: 'index',
    chunkNames: `${CHUNKS_DIR}/[name]-[hash]`,
    outExtension: { '.js': '.mjs' },
    splitting: true,
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

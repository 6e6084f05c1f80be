/**
 * The one definition of how a Lambda handler is bundled: `bundleHandler()` is what `npm run build` runs for
 * each handler (scripts/build.ts) AND what each function's asset runs as its local bundling at `cdk synth`
 * (infra/constructs/report-function.ts). One esbuild call, no rebuild afterwards: the folder CDK zips is
 * byte for byte the folder `npm run build` writes to `dist/functions/<name>/` (test/infra/bundle.test.ts).
 *
 * Decisions:
 * - ESM (`.mjs`) with `mainFields: ['module', 'main']` so ESM builds of dependencies are picked and
 *   tree-shaken. CommonJS dependencies bundled into ESM call `require`: the createRequire banner
 *   provides it (without it: "Dynamic require of "fs" is not supported" at import). It is prepended to
 *   every output file (entry and chunks): each file is its own module scope, so the `const` does not clash.
 * - The AWS SDK v3 is BUNDLED (nothing external), not taken from the Lambda runtime: the SDK version is
 *   the one pinned in package-lock.json (tested = deployed), and a bundle runs unchanged from a folder
 *   with no node_modules (local smoke tests, `npx -y node@24`). Cost: ~0.5 MB per bundle.
 * - `target: node24` is the Lambda runtime; the code must also run on Node 20 (dev/CI), which the
 *   tests exercise on the unbundled sources and the smoke test on the bundles.
 * - Source maps without `sourcesContent` (one per output file): stack traces map to file:line while the
 *   zip stays small. Their `sources` are relative to `dist/functions/<name>/` wherever the folder is
 *   written (esbuild runs with `write: false` and that outdir), so a CDK asset's maps equal dist's too.
 * - Code splitting is on: a handler that `import()`s a module only some requests need (on-demand: the
 *   report, snapshot and live routes) gets it as a chunk under `chunks/`, compiled on first use. A handler
 *   with no dynamic import is one `index.mjs`: splitting only happens where the code asks for it.
 * - Chunks nothing loads are not written: esbuild emits a chunk for every `import()` it sees, even one that tree
 *   shaking then removed with the code around it (the config validator in the unsubscribe function, whose settings
 *   never read the config; `bowser`, which the AWS SDK's browser-only path imports). `liveOutputs` keeps the files
 *   the entry reaches through its static and dynamic imports; the others (34–70 KiB a handler) are dropped from the
 *   folder and from the metafile, after checking that no kept file names them.
 * - MJML must never reach a bundle (3 MB, ~300 ms cold start): templates are compiled at build time
 *   (scripts/build-templates.ts). `bundleHandler` fails, writing nothing, when the metafile lists an
 *   input under `node_modules/mjml*`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, buildSync, type Metafile } from 'esbuild';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Handlers deployed as Lambda functions: `functions/<name>/handler.ts`. */
export const HANDLER_NAMES = [
  'scheduled-report',
  'on-demand',
  'archive-exports',
  'unsubscribe',
  'mail-events',
] as const;
export type HandlerName = (typeof HANDLER_NAMES)[number];

export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";
export const NODE_TARGET = 'node24';
/** The Lambda handler file is `index.mjs` (`handler: 'index.handler'`). */
export const ENTRY_FILE = 'index.mjs';
export const CHUNKS_DIR = 'chunks';

/** Packages that must never be bundled into a Lambda function. */
export const FORBIDDEN_PACKAGES = ['mjml'];

export function isHandlerName(name: string): name is HandlerName {
  return (HANDLER_NAMES as readonly string[]).includes(name);
}

export function handlerEntry(name: HandlerName): string {
  return join(REPO_ROOT, 'functions', name, 'handler.ts');
}

/** Where `npm run build` writes a handler's folder; source map paths are relative to it everywhere. */
export function distFolder(name: HandlerName): string {
  return join(REPO_ROOT, 'dist', 'functions', name);
}

/** Inputs of a metafile that come from a forbidden package (`node_modules/mjml/…`, `node_modules/mjml-core/…`). */
export function forbiddenInputs(metafile: { inputs: Record<string, unknown> }): string[] {
  return Object.keys(metafile.inputs).filter((input) =>
    FORBIDDEN_PACKAGES.some((pkg) => new RegExp(`(^|/)node_modules/${pkg}(-[^/]+)?/`).test(input)),
  );
}

/**
 * The outputs the entry (`<outdir>/index.mjs`) reaches through static and dynamic imports, each with its `.map`:
 * what the function can ever load. Keys are the metafile's (relative to the working directory).
 */
export function liveOutputs(metafile: {
  outputs: Record<string, { imports: readonly { path: string; external?: boolean }[] }>;
}): Set<string> {
  const entry = Object.keys(metafile.outputs).find((o) => o.endsWith(`/${ENTRY_FILE}`) || o === ENTRY_FILE);
  if (entry === undefined) throw new Error(`the metafile has no ${ENTRY_FILE} output`);
  const live = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const out = queue.pop()!;
    const output = metafile.outputs[out];
    if (live.has(out) || output === undefined) continue;
    live.add(out);
    live.add(`${out}.map`);
    for (const i of output.imports) if (!i.external) queue.push(i.path);
  }
  return live;
}

/** The esbuild options of one handler: `<outdir>/index.mjs` (+ `chunks/*.mjs`), a map per file, the metafile. */
export function esbuildOptions(name: HandlerName): BuildOptions & { metafile: true; outdir: string } {
  return {
    entryPoints: [handlerEntry(name)],
    outdir: distFolder(name),
    entryNames: 'index',
    chunkNames: `${CHUNKS_DIR}/[name]-[hash]`,
    outExtension: { '.js': '.mjs' },
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: NODE_TARGET,
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    external: [],
    metafile: true,
    logLevel: 'warning',
  };
}

export interface BundledHandler {
  name: HandlerName;
  /** The folder written (the Lambda asset). */
  dir: string;
  /** Files of the folder, relative, sorted: `index.mjs`, `chunks/…`, and a `.map` for each. */
  files: string[];
  /** Size of `index.mjs` (what module init compiles). */
  entryBytes: number;
  /** All `.mjs` files. */
  codeBytes: number;
  /** All `.map` files. */
  mapBytes: number;
  metafile: Metafile;
}

/**
 * Bundles one handler into `outdir` (emptied first), synchronously: CDK's local bundling hook is synchronous.
 * Throws, leaving `outdir` empty, when the bundle would contain MJML.
 */
export function bundleHandler(name: HandlerName, outdir: string): BundledHandler {
  const options = esbuildOptions(name);
  const result = buildSync({ ...options, write: false });
  const bad = forbiddenInputs(result.metafile);
  if (bad.length > 0) {
    throw new Error(
      `${name}: forbidden package(s) in the bundle (${FORBIDDEN_PACKAGES.join(', ')}); compile templates at ` +
        `build time instead. First inputs:\n  ${bad.slice(0, 5).join('\n  ')}`,
    );
  }
  const live = liveOutputs(result.metafile);
  const key = (path: string) => relative(process.cwd(), path).split(sep).join('/');
  const kept = result.outputFiles.filter((f) => live.has(key(f.path)));
  const dropped = result.outputFiles.filter((f) => !live.has(key(f.path)) && f.path.endsWith('.mjs'));
  for (const f of dropped) {
    const file = basename(f.path);
    const naming = kept.find((k) => k.path.endsWith('.mjs') && k.text.includes(file));
    if (naming)
      throw new Error(`${name}: ${relative(options.outdir, naming.path)} names ${file}, which no import reaches`);
  }
  for (const out of Object.keys(result.metafile.outputs)) if (!live.has(out)) delete result.metafile.outputs[out];
  // Chunk names carry content hashes: stale chunks of a previous build would pile up.
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const built = { name, dir: outdir, files: [] as string[], entryBytes: 0, codeBytes: 0, mapBytes: 0 };
  for (const file of kept) {
    const rel = relative(options.outdir, file.path);
    const target = join(outdir, rel);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.contents);
    built.files.push(rel);
    if (rel.endsWith('.map')) built.mapBytes += file.contents.byteLength;
    else built.codeBytes += file.contents.byteLength;
    if (rel === ENTRY_FILE) built.entryBytes = file.contents.byteLength;
  }
  built.files.sort();
  return { ...built, metafile: result.metafile };
}

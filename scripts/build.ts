/**
 * `npm run build`: compiles the email templates (when that step exists), then bundles every
 * `functions/<name>/handler.ts` into `dist/functions/<name>/`: `index.mjs` (the tiny entry) + `chunks/`
 * (code split, loaded on the first invocation), a `.map` per file, and `meta.json` — with the exact
 * esbuild options CDK uses (infra/bundling.ts) — and prints the sizes (whole folder and entry file).
 *
 * Fails when a bundle contains MJML (see infra/bundle-guard.mjs).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { forbiddenInputs } from '../infra/bundle-guard.mjs';
import { ENTRY_FILE, esbuildOptions, REPO_ROOT } from '../infra/bundling.js';

export interface BuiltFunction {
  name: string;
  /** The entry file, `dist/functions/<name>/index.mjs`. */
  outfile: string;
  /** Size of the entry file alone (what a cold start compiles at import). */
  bytes: number;
  /** All `.mjs` outputs (entry + chunks). */
  totalBytes: number;
  /** All `.map` outputs. */
  mapBytes: number;
  /** Number of `.mjs` outputs (entry + chunks). */
  files: number;
}

/** Names of the folders under `functions/` that have a `handler.ts`. */
export function discoverHandlers(root = REPO_ROOT): string[] {
  const dir = join(root, 'functions');
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'handler.ts')))
    .sort();
}

export async function buildFunctions(outDir = join(REPO_ROOT, 'dist', 'functions')): Promise<BuiltFunction[]> {
  const built: BuiltFunction[] = [];
  for (const name of discoverHandlers()) {
    const dir = join(outDir, name);
    // Chunk names carry content hashes: stale chunks of a previous build would pile up.
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, ENTRY_FILE);
    const result = await build(esbuildOptions(join(REPO_ROOT, 'functions', name, 'handler.ts'), dir));
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(result.metafile));
    const bad = forbiddenInputs(result.metafile);
    if (bad.length > 0) {
      throw new Error(
        `${name}: MJML must not be bundled (compile templates at build time). Inputs:\n  ${bad.join('\n  ')}`,
      );
    }
    const outputs = Object.entries(result.metafile.outputs);
    const code = outputs.filter(([file]) => file.endsWith('.mjs'));
    built.push({
      name,
      outfile,
      bytes: statSync(outfile).size,
      totalBytes: code.reduce((n, [, o]) => n + o.bytes, 0),
      mapBytes: outputs.filter(([file]) => file.endsWith('.map')).reduce((n, [, o]) => n + o.bytes, 0),
      files: code.length,
    });
  }
  return built;
}

function compileTemplates(): void {
  const script = join(REPO_ROOT, 'scripts', 'build-templates.ts');
  if (!existsSync(script)) {
    console.log('build: scripts/build-templates.ts not found, skipping template compilation');
    return;
  }
  execFileSync('npx', ['tsx', script], { cwd: REPO_ROOT, stdio: 'inherit' });
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

async function main(): Promise<void> {
  compileTemplates();
  const built = await buildFunctions();
  for (const fn of built) {
    console.log(
      `${relative(REPO_ROOT, fn.outfile).padEnd(46)} entry ${kib(fn.bytes).padStart(9)}  ` +
        `total ${kib(fn.totalBytes).padStart(11)} in ${fn.files} files  (maps ${kib(fn.mapBytes)})`,
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}

/**
 * `npm run build`: compiles the email templates (when that step exists), then bundles every
 * `functions/<name>/handler.ts` into `dist/functions/<name>/index.mjs` (+ `.map` + `meta.json`) with the
 * exact esbuild options CDK uses (infra/bundling.ts), and prints the sizes.
 *
 * Fails when a bundle contains MJML (see infra/bundle-guard.mjs).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { forbiddenInputs } from '../infra/bundle-guard.mjs';
import { esbuildOptions, REPO_ROOT } from '../infra/bundling.js';

export interface BuiltFunction {
  name: string;
  outfile: string;
  bytes: number;
  mapBytes: number;
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
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, 'index.mjs');
    const result = await build(esbuildOptions(join(REPO_ROOT, 'functions', name, 'handler.ts'), outfile));
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(result.metafile));
    const bad = forbiddenInputs(result.metafile);
    if (bad.length > 0) {
      throw new Error(
        `${name}: MJML must not be bundled (compile templates at build time). Inputs:\n  ${bad.join('\n  ')}`,
      );
    }
    built.push({ name, outfile, bytes: statSync(outfile).size, mapBytes: statSync(`${outfile}.map`).size });
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
      `${relative(REPO_ROOT, fn.outfile).padEnd(46)} ${kib(fn.bytes).padStart(11)}  (map ${kib(fn.mapBytes)})`,
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}

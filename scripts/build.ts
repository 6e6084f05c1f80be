/**
 * `npm run build`: compiles the email templates, then bundles every handler with `bundleHandler` (infra/bundling.ts,
 * the function `cdk synth` runs for each Lambda asset) into `dist/functions/<name>/` — exactly the folder that is
 * deployed: `index.mjs` (+ `chunks/` where the handler lazy-loads), a `.map` per file — plus its esbuild metafile
 * as `dist/meta/<name>.json` (for the bench; outside the folder, so it is never deployed), and prints the sizes.
 *
 *   npx tsx scripts/build.ts                                  # templates + every handler into dist/
 *   npx tsx scripts/build.ts --only on-demand --out /tmp/x    # one handler into /tmp/x (no templates, no metafile)
 *
 * Fails when a bundle contains MJML.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type BundledHandler,
  bundleHandler,
  distFolder,
  HANDLER_NAMES,
  isHandlerName,
  REPO_ROOT,
} from '../infra/bundling.js';

export const META_DIR = join(REPO_ROOT, 'dist', 'meta');

/** `dist/meta/<name>.json`: the esbuild metafile of a handler built by `npm run build`. */
export function metaFile(name: string): string {
  return join(META_DIR, `${name}.json`);
}

/** Every handler into `dist/functions/<name>/`, metafiles into `dist/meta/`. */
export function buildFunctions(): BundledHandler[] {
  mkdirSync(META_DIR, { recursive: true });
  return HANDLER_NAMES.map((name) => {
    const built = bundleHandler(name, distFolder(name));
    writeFileSync(metaFile(name), JSON.stringify(built.metafile));
    return built;
  });
}

function compileTemplates(): void {
  execFileSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'build-templates.ts')], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

export interface BuildArgs {
  only: string | undefined;
  out: string | undefined;
}

/** `--only <name>` and `--out <dir>` (which needs `--only`); anything else is a usage error naming it. */
export function parseBuildArgs(argv: string[]): BuildArgs {
  const args: BuildArgs = { only: undefined, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    if ((flag !== '--only' && flag !== '--out') || value === undefined || value.startsWith('--')) {
      throw new Error(`usage: build.ts [--only <${HANDLER_NAMES.join('|')}> [--out <dir>]] (at "${flag}")`);
    }
    args[flag === '--only' ? 'only' : 'out'] = value;
    i++;
  }
  if (args.only !== undefined && !isHandlerName(args.only)) {
    throw new Error(`--only: unknown handler "${args.only}" (handlers: ${HANDLER_NAMES.join(', ')})`);
  }
  if (args.out !== undefined && args.only === undefined) throw new Error('--out needs --only <handler>');
  return args;
}

function main(argv: string[]): void {
  const args = parseBuildArgs(argv);
  let built: BundledHandler[];
  if (args.only !== undefined && isHandlerName(args.only)) {
    built = [bundleHandler(args.only, args.out ? resolve(args.out) : distFolder(args.only))];
  } else {
    compileTemplates();
    built = buildFunctions();
  }
  for (const fn of built) {
    const code = fn.files.filter((f) => f.endsWith('.mjs')).length;
    console.log(
      `${relative(REPO_ROOT, join(fn.dir, 'index.mjs')).padEnd(46)} entry ${kib(fn.entryBytes).padStart(9)}  ` +
        `total ${kib(fn.codeBytes).padStart(11)} in ${code} files  (maps ${kib(fn.mapBytes)})`,
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main(process.argv.slice(2));
  } catch (err: unknown) {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  }
}

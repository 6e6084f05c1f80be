/**
 * Bundles bench child entry points (bench/children/<name>.ts) with esbuild into `outdir/<name>.mjs`, run by plain
 * node: ESM with the createRequire banner (CommonJS dependencies), as the deployed handlers are built.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { ESM_REQUIRE_BANNER } from '../../infra/bundling.js';

export async function bundleChildren(repoRoot: string, outdir: string, names: readonly string[]): Promise<void> {
  await build({
    entryPoints: Object.fromEntries(names.map((n) => [n, join(repoRoot, 'bench', 'children', `${n}.ts`)])),
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    logLevel: 'error',
  });
}

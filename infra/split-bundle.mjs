#!/usr/bin/env node
/**
 * Rebuilds one handler with code splitting (infra/esbuild-options.mjs) into a Lambda asset folder.
 *
 * Why: CDK's `NodejsFunction` runs esbuild with `--outfile`, which cannot split. Its after-bundling hook
 * runs this script on the same entry, which replaces CDK's single-file `index.mjs` (+ map) with the
 * split build: a tiny `index.mjs` and `chunks/`. Plain JavaScript so the hook runs it with bare `node`.
 *
 * CLI: `node infra/split-bundle.mjs <entry.ts> <outdir>` — exits 1 (nothing written for the guard to
 * miss) when the build fails or the split build contains MJML (infra/bundle-guard.mjs). The metafile is
 * not written: it must not be deployed.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { forbiddenInputs } from './bundle-guard.mjs';
import { CHUNKS_DIR, ENTRY_FILE, splitBuildOptions } from './esbuild-options.mjs';

/**
 * Builds `entry` split into `outdir` (removing a previous single-file or split build there first).
 * @param {string} entry
 * @param {string} outdir
 * @returns {Promise<import('esbuild').Metafile>}
 */
export async function splitBundle(entry, outdir) {
  for (const stale of [ENTRY_FILE, `${ENTRY_FILE}.map`, CHUNKS_DIR]) {
    rmSync(join(outdir, stale), { recursive: true, force: true });
  }
  const result = await build(splitBuildOptions(entry, outdir));
  const bad = forbiddenInputs(result.metafile);
  if (bad.length > 0) {
    throw new Error(
      `forbidden package(s) in the split bundle of ${entry}; compile templates at build time instead. ` +
        `First inputs:\n  ${bad.slice(0, 5).join('\n  ')}`,
    );
  }
  return result.metafile;
}

async function main(argv) {
  const [entry, outdir] = argv;
  if (!entry || !outdir) {
    console.error('usage: split-bundle.mjs <entry> <outdir>');
    return 2;
  }
  try {
    await splitBundle(entry, outdir);
    return 0;
  } catch (error) {
    console.error(`split-bundle: ${error instanceof Error ? error.message : error}`);
    return 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}

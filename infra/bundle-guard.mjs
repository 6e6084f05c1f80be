#!/usr/bin/env node
/**
 * Fails a build whose esbuild metafile shows a forbidden package in the bundle (MJML: 3 MB and
 * ~300 ms of cold start; templates are compiled at build time instead).
 *
 * Plain JavaScript so the CDK after-bundling hook runs it with bare `node` (no tsx, no compile step).
 * CLI: `node infra/bundle-guard.mjs <meta.json> [--delete]` — exits 1 with the offending inputs;
 * `--delete` removes the metafile afterwards so it is not shipped in the Lambda asset.
 */
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Packages that must never be bundled into a Lambda function. */
export const FORBIDDEN_PACKAGES = ['mjml'];

/**
 * Inputs of the metafile that come from a forbidden package (`node_modules/mjml/…`,
 * `node_modules/mjml-core/…` and every other `mjml-*` package).
 * @param {{ inputs: Record<string, unknown> }} metafile
 * @returns {string[]}
 */
export function forbiddenInputs(metafile) {
  return Object.keys(metafile.inputs).filter((input) =>
    FORBIDDEN_PACKAGES.some((pkg) => new RegExp(`(^|/)node_modules/${pkg}(-[^/]+)?/`).test(input)),
  );
}

function main(argv) {
  const [metaPath, flag] = argv;
  if (!metaPath) {
    console.error('usage: bundle-guard.mjs <meta.json> [--delete]');
    return 2;
  }
  const metafile = JSON.parse(readFileSync(metaPath, 'utf8'));
  const bad = forbiddenInputs(metafile);
  if (flag === '--delete') rmSync(metaPath, { force: true });
  if (bad.length > 0) {
    console.error(
      `bundle-guard: forbidden package(s) in the bundle (${FORBIDDEN_PACKAGES.join(', ')}); ` +
        `compile templates at build time instead. First inputs:\n  ${bad.slice(0, 5).join('\n  ')}`,
    );
    return 1;
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}

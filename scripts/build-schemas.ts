/**
 * Generates the JSON Schemas published in `docs/` from the zod sources of truth:
 * - `docs/reports.config.schema.json` from `configSchema` (input side: fields with defaults are optional),
 *   referenced by `"$schema"` in `reports.config.jsonc` for editor completion and checks;
 * - `docs/snapshot.schema.json` from `snapshotSchema` (output side: what the archive holds).
 *
 * Run: `npx tsx scripts/build-schemas.ts` (`--check` exits 1 if the committed files are stale).
 * Zod refinements (IANA zone check, cross-field rules, Mux dimension names) are not expressible in
 * JSON Schema; the loader still enforces them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { configSchema } from '../functions/commons/config/schema.js';
import { SNAPSHOT_SCHEMA_VERSION, snapshotSchema } from '../functions/commons/report/snapshot-schema.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Schema file (relative to the repository root) → its exact text. */
export function buildSchemas(): Record<string, string> {
  const config = {
    ...z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' }),
    title: 'mux-qoe-reports configuration (reports.config.jsonc)',
  };
  const snapshot = {
    ...z.toJSONSchema(snapshotSchema, { io: 'output', target: 'draft-2020-12' }),
    title: `mux-qoe-reports snapshot, schemaVersion ${SNAPSHOT_SCHEMA_VERSION}`,
  };
  return {
    'docs/reports.config.schema.json': `${JSON.stringify(config, null, 2)}\n`,
    'docs/snapshot.schema.json': `${JSON.stringify(snapshot, null, 2)}\n`,
  };
}

function main(): void {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [file, text] of Object.entries(buildSchemas())) {
    const path = join(ROOT, file);
    let current: string | undefined;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === text) {
      console.log(`${file}: up to date`);
    } else if (check) {
      console.error(`${file}: stale, run npx tsx scripts/build-schemas.ts`);
      stale++;
    } else {
      writeFileSync(path, text);
      console.log(`${file}: written`);
    }
  }
  if (stale > 0) process.exit(1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();

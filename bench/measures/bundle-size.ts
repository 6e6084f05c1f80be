/**
 * §2 Bundle sizes from esbuild's metafile (`dist/meta/<name>.json`, written by `npm run build` next to, not inside, the deployed folder): bytes each origin
 * contributes to the minified output, summed over the entry `index.mjs` and its split `chunks/`.
 * Budget: our code on a cold start ≤ 150 KiB per handler (the entry, what it imports, and the heaviest route:
 * bench/lib/bundle-composition.ts `coldPath`); the notes give our code in the whole folder and what is off the
 * cold path. No mjml anywhere.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Row, row } from '../lib/budget.js';
import { type Composition, composition, type Metafile } from '../lib/bundle-composition.js';
import type { HandlerInfo } from '../lib/handlers.js';
import { round } from '../lib/stats.js';

export const OUR_CODE_BUDGET_KIB = 150;

export interface BundleDetails {
  /** fileBytes/gzipBytes/mapBytes: the whole handler folder (entry + chunks); entryFileBytes: index.mjs alone. */
  [name: string]: Composition & { fileBytes: number; entryFileBytes: number; gzipBytes: number; mapBytes: number };
}

const k = (bytes: number): number => round(bytes / 1024, 1);

/** Every file under `dir` (relative paths, sorted so the gzip figure is stable). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

export function measureBundles(handlers: HandlerInfo[]): { rows: Row[]; details: BundleDetails } {
  const rows: Row[] = [];
  const details: BundleDetails = {};
  for (const h of handlers.filter((x) => x.built)) {
    const meta = JSON.parse(readFileSync(h.meta, 'utf8')) as Metafile;
    const c = composition(meta);
    const files = filesUnder(dirname(h.bundle));
    const code = Buffer.concat(files.filter((f) => f.endsWith('.mjs')).map((f) => readFileSync(f)));
    // One gzip stream over all the code files: close to what the Lambda zip costs.
    const gzipBytes = gzipSync(code, { level: 9 }).length;
    const mapBytes = files.filter((f) => f.endsWith('.map')).reduce((n, f) => n + statSync(f).size, 0);
    const entryFileBytes = statSync(h.bundle).size;
    details[h.name] = { ...c, fileBytes: code.length, entryFileBytes, gzipBytes, mapBytes };
    const top = c.packages
      .filter((p) => p.category === 'other')
      .slice(0, 3)
      .map((p) => `${p.name} ${k(p.bytes)}`)
      .join(', ');
    const cold = c.coldPath;
    const off = c.offColdPath.map((o) => `${o.entryPoint.replace(/^functions\/(commons\/)?/, '')} +${k(o.ours)}`);
    rows.push(
      row({
        id: `bundle.${h.name}.ours`,
        measure: `bundle ${h.name}: our code a cold start loads (functions/)`,
        value: k(cold.bytes.ours),
        unit: 'KiB',
        budget: { max: OUR_CODE_BUDGET_KIB, label: `≤ ${OUR_CODE_BUDGET_KIB} KiB` },
        notes:
          `at import ${k(cold.eagerOurs)}` +
          (cold.route ? ` + route ${cold.route.replace(/^functions\/[^/]+\//, '')}` : '') +
          `; in the folder ${k(c.bytes.ours)}${off.length ? ` (off the cold path: ${off.join(', ')})` : ''}; ` +
          `total ${k(c.outputBytes)} KiB in ${c.outputFiles} files, entry index.mjs ${k(entryFileBytes)} KiB` +
          ` (gzip ${k(gzipBytes)}) = ours ${k(c.bytes.ours)} + AWS SDK ${k(c.bytes.awsSdk)}` +
          ` + Powertools ${k(c.bytes.powertools)} + other ${k(c.bytes.other)}${top ? ` (${top})` : ''}` +
          (h.placeholder ? '; PLACEHOLDER handler' : ''),
      }),
    );
  }
  const withMjml = Object.entries(details).filter(([, d]) => d.mjmlInputs.length > 0);
  rows.push(
    row({
      id: 'bundle.mjml-inputs',
      measure: 'mjml inputs in any bundle',
      value: withMjml.reduce((n, [, d]) => n + d.mjmlInputs.length, 0),
      unit: '',
      budget: { max: 0, label: '0' },
      notes: withMjml.length ? `in ${withMjml.map(([n]) => n).join(', ')}` : 'templates compiled at build time',
    }),
  );
  return { rows, details };
}

/**
 * §2 Bundle sizes from esbuild's metafile (`dist/functions/<name>/meta.json`): bytes each origin
 * contributes to the minified `index.mjs`. Budget: our code ≤ 150 KiB per handler; no mjml anywhere.
 */
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { type Row, row } from '../lib/budget.js';
import { type Composition, composition, type Metafile } from '../lib/bundle-composition.js';
import type { HandlerInfo } from '../lib/handlers.js';
import { round } from '../lib/stats.js';

export const OUR_CODE_BUDGET_KIB = 150;

export interface BundleDetails {
  [name: string]: Composition & { fileBytes: number; gzipBytes: number; mapBytes: number };
}

const k = (bytes: number): number => round(bytes / 1024, 1);

export function measureBundles(handlers: HandlerInfo[]): { rows: Row[]; details: BundleDetails } {
  const rows: Row[] = [];
  const details: BundleDetails = {};
  for (const h of handlers.filter((x) => x.built)) {
    const meta = JSON.parse(readFileSync(h.meta, 'utf8')) as Metafile;
    const c = composition(meta);
    const file = readFileSync(h.bundle);
    const gzipBytes = gzipSync(file, { level: 9 }).length;
    let mapBytes = 0;
    try {
      mapBytes = statSync(`${h.bundle}.map`).size;
    } catch {
      mapBytes = 0;
    }
    details[h.name] = { ...c, fileBytes: file.length, gzipBytes, mapBytes };
    const top = c.packages
      .filter((p) => p.category === 'other')
      .slice(0, 3)
      .map((p) => `${p.name} ${k(p.bytes)}`)
      .join(', ');
    rows.push(
      row({
        id: `bundle.${h.name}.ours`,
        measure: `bundle ${h.name}: our code (functions/)`,
        value: k(c.bytes.ours),
        unit: 'KiB',
        budget: { max: OUR_CODE_BUDGET_KIB, label: `≤ ${OUR_CODE_BUDGET_KIB} KiB` },
        notes:
          `total ${k(c.outputBytes)} KiB (gzip ${k(gzipBytes)}) = ours ${k(c.bytes.ours)} + AWS SDK ${k(c.bytes.awsSdk)}` +
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

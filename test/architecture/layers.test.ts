/**
 * Data flows one way (config → collect → snapshot → render → deliver), and so do imports: a folder of
 * functions/commons imports only from folders of a LOWER layer (or from itself). The table below is the
 * architecture; an import that goes up or sideways fails here with the file and the line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const COMMONS = path.resolve(import.meta.dirname, '../../functions/commons');

/** Lowest first. Folders of one layer do not import each other. */
const LAYERS: readonly (readonly string[])[] = [
  // The vocabulary: Mux metric ids, section ids, id patterns; zod/mini with its messages; code-point text cuts. Leaves.
  ['catalog', 'validation', 'text'],
  // Self-contained tools: display formatting, calendar periods, the Mux client, AWS clients, request parsing.
  ['format', 'period', 'mux', 'aws', 'http'],
  // The configuration; the live page and the export archive (Mux + AWS, no report).
  ['config', 'live', 'exports'],
  // Shared pieces of the snapshot format (period, coverage, metric values, section status, cost).
  ['snapshot'],
  // One folder per section (collection plan, snapshot part, view-model, text, template, sample) and the registry.
  ['sections'],
  // The report engine: collection plan, snapshot schema and stores.
  ['report'],
  // Snapshot → email; delivery of a snapshot and its email.
  ['render', 'delivery'],
  ['observability'],
  // Composition roots.
  ['pipeline'],
  ['settings'],
];

const layerOf = new Map(LAYERS.flatMap((folders, rank) => folders.map((f) => [f, rank] as const)));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return /\.(ts|mts)$/.test(e.name) ? [p] : [];
  });
}

interface Edge {
  from: string;
  line: number;
  to: string;
}

/** Every relative import / re-export / dynamic import of the TypeScript files under functions/commons. */
function edges(): Edge[] {
  const out: Edge[] = [];
  for (const file of files(COMMONS)) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        for (const m of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(?\s*)'(\.{1,2}\/[^']+)'/g)) {
          out.push({ from: file, line: i + 1, to: path.resolve(path.dirname(file), m[1]!) });
        }
      });
  }
  return out;
}

const folderOf = (abs: string): string => path.relative(COMMONS, abs).split(path.sep)[0]!;
const where = (e: Edge): string => `${path.relative(COMMONS, e.from)}:${e.line} → ${path.relative(COMMONS, e.to)}`;

describe('import layers of functions/commons', () => {
  const all = edges();

  it('finds the imports (the scan works)', () => {
    expect(all.length).toBeGreaterThan(100);
  });

  it('every folder has a layer', () => {
    const folders = [...new Set(files(COMMONS).map(folderOf))].filter((f) => !f.endsWith('.ts'));
    expect(folders.filter((f) => !layerOf.has(f))).toEqual([]);
  });

  it('nothing imports from outside functions/commons (tests, fake, scripts stay out of the bundles)', () => {
    expect(all.filter((e) => path.relative(COMMONS, e.to).startsWith('..')).map(where)).toEqual([]);
  });

  it('sample data (sections/*/sample.ts, sections/sample-kit.ts) is imported by samples only, never by the bundles', () => {
    const isSample = (f: string) => /(^|\/)(sample|sample-kit)(\.js|\.ts)?$/.test(f);
    expect(all.filter((e) => isSample(e.to) && !isSample(e.from.replace(/\.ts$/, ''))).map(where)).toEqual([]);
  });

  it('imports only go down', () => {
    const bad = all.filter((e) => {
      const a = folderOf(e.from);
      const b = folderOf(e.to);
      return a !== b && (layerOf.get(b) ?? Number.POSITIVE_INFINITY) >= (layerOf.get(a) ?? -1);
    });
    expect(bad.map(where)).toEqual([]);
  });
});

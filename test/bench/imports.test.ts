/** The bench runs the product and its support code, never the tests: no file under bench/ imports from test/. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TEST = path.join(ROOT, 'test') + path.sep;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return /\.(ts|mts)$/.test(e.name) ? [p] : [];
  });
}

it('no bench file imports from test/', () => {
  const bench = files(path.join(ROOT, 'bench'));
  expect(bench.length).toBeGreaterThan(5);
  const offending = bench.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((text, i) =>
        [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(?\s*)'(\.{1,2}\/[^']+)'/g)]
          .filter((m) => path.resolve(path.dirname(file), m[1]!).startsWith(TEST))
          .map((m) => `${path.relative(ROOT, file)}:${i + 1} imports ${m[1]}`),
      ),
  );
  expect(offending).toEqual([]);
});

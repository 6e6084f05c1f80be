/**
 * What a handler loads is what it needs: the functions take a configuration validated at synth (settings/index.ts),
 * so no handler imports the configuration's zod schema or its loader (config/lookup.ts reads the sealed document;
 * the validator is a lazy chunk only an unsealed configuration loads), and code that only reads snapshots does not
 * import the code that makes them (sections/schemas.ts). From esbuild's metafile of each handler, as bundled.
 */
import { buildSync, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptions, HANDLER_NAMES, type HandlerName } from '../../infra/bundling.js';

type Kind = 'import-statement' | 'dynamic-import';

/** The inputs reached from `start` through imports of the given kinds. */
function reached(meta: Metafile, start: string, kinds: readonly Kind[]): Set<string> {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const input = queue.pop()!;
    if (seen.has(input) || meta.inputs[input] === undefined) continue;
    seen.add(input);
    for (const i of meta.inputs[input].imports) if (!i.external && kinds.includes(i.kind as Kind)) queue.push(i.path);
  }
  return seen;
}

/** The handler's own module and each route it `import()`s, with what each imports statically. */
function loadPaths(meta: Metafile, name: HandlerName): Map<string, Set<string>> {
  const handler = `functions/${name}/handler.ts`;
  const routes = meta.inputs[handler]!.imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path);
  return new Map([handler, ...routes].map((m) => [m, reached(meta, m, ['import-statement'])]));
}

const CONFIG_VALIDATION =
  /^functions\/commons\/config\/(schema|load|warnings|fan-out-schema|history-schema|issue-message|dimensions|audience|channels)\.ts$/;
const SECTION_CODE = /^functions\/commons\/sections\/[^/]+\/(collect|view|text)\.ts$/;

describe('what each handler imports', () => {
  const metas = new Map<HandlerName, Metafile>();
  beforeAll(() => {
    for (const name of HANDLER_NAMES) metas.set(name, buildSync({ ...esbuildOptions(name), write: false }).metafile);
  }, 60_000);

  it.each(HANDLER_NAMES)('%s: no module of the configuration schema or its validator, but lazily', (name) => {
    const meta = metas.get(name)!;
    for (const [from, inputs] of loadPaths(meta, name)) {
      expect([from, [...inputs].filter((i) => CONFIG_VALIDATION.test(i))]).toEqual([from, []]);
    }
  });

  it('the validator is still there for an unsealed configuration, as a lazy import of the settings', () => {
    const meta = metas.get('scheduled-report')!;
    const lazy = reached(meta, 'functions/scheduled-report/handler.ts', ['import-statement', 'dynamic-import']);
    expect(lazy.has('functions/commons/config/load.ts')).toBe(true);
    expect(lazy.has('functions/commons/config/schema.ts')).toBe(true);
  });

  it('reading snapshots does not import the sections’ collection, view or text code', () => {
    const readers = [
      ['archive-exports', 'functions/archive-exports/handler.ts'],
      ['on-demand', 'functions/on-demand/snapshot-route.ts'],
      ['on-demand', 'functions/on-demand/live-route.ts'],
    ] as const;
    for (const [name, module] of readers) {
      const inputs = loadPaths(metas.get(name)!, name).get(module) ?? new Set();
      expect(inputs.has('functions/commons/report/snapshot-schema.ts'), module).toBe(true);
      expect([module, [...inputs].filter((i) => SECTION_CODE.test(i))]).toEqual([module, []]);
    }
  });
});

/** The registry: one folder per section id, each with the same files, and how a section is run. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SECTION_IDS } from '../../functions/commons/catalog/sections.js';
import { MuxApiError } from '../../functions/commons/mux/index.js';
import { DISABLED_REASON, runSection, SECTIONS } from '../../functions/commons/sections/registry.js';
import { SECTION_SCHEMAS } from '../../functions/commons/sections/schemas.js';
import { defineSection, type SectionContext } from '../../functions/commons/sections/section.js';
import { sectionPart } from '../../functions/commons/snapshot/parts.js';
import { reportConfig } from '../helpers/report-fixtures.js';

const DIR = path.resolve(import.meta.dirname, '../../functions/commons/sections');
const FILES = ['collect.ts', 'index.ts', 'sample.ts', 'schema.ts', 'template.mjml', 'text.ts', 'view.ts'];

describe('section folders', () => {
  const folders = readdirSync(DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);

  it('one folder per section id, and a module per folder', () => {
    expect(folders.sort()).toEqual([...SECTION_IDS].sort());
    expect(Object.keys(SECTIONS)).toEqual([...SECTION_IDS]);
    for (const id of SECTION_IDS) expect(SECTIONS[id].id).toBe(id);
  });

  it('the snapshot schema composes the same part schemas as the modules (schemas.ts, without the section code)', () => {
    expect(Object.keys(SECTION_SCHEMAS).sort()).toEqual([...SECTION_IDS].sort());
    for (const id of SECTION_IDS) expect(SECTION_SCHEMAS[id], id).toBe(SECTIONS[id].schema);
  });

  it('every folder holds the same files', () => {
    for (const id of folders) {
      const files = readdirSync(path.join(DIR, id));
      expect([id, FILES.filter((f) => !files.includes(f))]).toEqual([id, []]);
    }
  });
});

describe('runSection', () => {
  const report = (sections: Record<string, boolean> = {}) => reportConfig({ sections });
  const ctx = (over: Record<string, boolean> = {}) => ({ report: report(over) }) as unknown as SectionContext;
  const module = (collect: () => Promise<{ data: { n: number }; partial?: string | null }>, core = false) =>
    defineSection({
      id: 'trend',
      noun: 'things',
      schema: sectionPart({ n: z.number() }),
      core,
      empty: () => ({ n: 0 }),
      collect,
      view: () => null,
      text: () => {},
    });
  const forbidden = new MuxApiError(403, 'forbidden', ['no'], null, '/x');

  it('switched off: disabled, empty, no call', async () => {
    let calls = 0;
    const m = module(async () => ({ data: { n: ++calls } }));
    expect(await runSection(m, ctx({ trend: false }))).toEqual({ status: 'disabled', reason: DISABLED_REASON, n: 0 });
    expect(calls).toBe(0);
  });

  it('ok, partly ok, unavailable with a reason naming the section', async () => {
    expect(
      await runSection(
        module(async () => ({ data: { n: 3 } })),
        ctx(),
      ),
    ).toEqual({
      status: 'ok',
      reason: null,
      n: 3,
    });
    expect(
      await runSection(
        module(async () => ({ data: { n: 3 }, partial: 'one missing' })),
        ctx(),
      ),
    ).toEqual({
      status: 'ok',
      reason: 'one missing',
      n: 3,
    });
    const failing = module(async () => {
      throw forbidden;
    });
    expect(await runSection(failing, ctx())).toEqual({
      status: 'unavailable',
      reason: 'things are not available on this plan or token (403 forbidden)',
      n: 0,
    });
  });

  it('a core section is never unavailable: its failure fails the report', async () => {
    const failing = module(async () => {
      throw forbidden;
    }, true);
    await expect(runSection(failing, ctx())).rejects.toBe(forbidden);
  });

  it('failed views with topN 0 are disabled with that reason', async () => {
    const r = reportConfig({ topN: { failedViews: 0 } });
    expect(SECTIONS.failedViews.disabledBy?.(r)).toBe('topN.failedViews is 0');
    expect(SECTIONS.failedViews.disabledBy?.(report())).toBeNull();
  });
});

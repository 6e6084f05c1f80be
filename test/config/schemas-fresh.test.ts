import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSchemas, ROOT } from '../../scripts/build-schemas.js';

describe('generated JSON Schemas', () => {
  const built = buildSchemas();

  it('committed files match the zod schemas (run `npx tsx scripts/build-schemas.ts` if not)', () => {
    expect(Object.keys(built).sort()).toEqual(['docs/reports.config.schema.json', 'docs/snapshot.schema.json']);
    for (const [file, text] of Object.entries(built)) {
      expect(readFileSync(join(ROOT, file), 'utf8'), file).toBe(text);
    }
  });

  it('is stable and draft 2020-12', () => {
    expect(buildSchemas()).toEqual(built);
    for (const text of Object.values(built)) {
      expect(JSON.parse(text).$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    }
  });

  it('the config schema is the input side: fields with defaults are optional', () => {
    const schema = JSON.parse(built['docs/reports.config.schema.json']!);
    const report = schema.properties.reports.items;
    // recipients and from are required only with the email channel (a refinement JSON Schema does not carry).
    expect(report.required.sort()).toEqual(['environment', 'id', 'title']);
    expect(report.additionalProperties).toBe(false);
    expect(report.properties.cadence.default).toBe('weekly');
    expect(schema.required).toEqual(['environments', 'reports']);
  });

  it('the snapshot schema requires every field of the period', () => {
    const schema = JSON.parse(built['docs/snapshot.schema.json']!);
    expect(schema.properties.period.required).toEqual([
      'key',
      'label',
      'cadence',
      'timeZone',
      'start',
      'end',
      'startEpoch',
      'endEpoch',
    ]);
  });
});

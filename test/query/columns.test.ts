/**
 * The one column definition (infra/snapshot-columns.ts) against real snapshots: every column the Glue table
 * declares (and so the DuckDB view) exists in snapshots the pipeline wrote from the fake Mux, with that type.
 * Nothing else checks the table against the data: a renamed snapshot field would otherwise read as NULL in Athena.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SNAPSHOT_COLUMNS } from '../../infra/constructs/snapshot-table.js';
import { type ColumnType, columnName, type Field, SNAPSHOT_COLUMN_FIELDS } from '../../infra/snapshot-columns.js';

/** Snapshots written by the pipeline against the fake: the golden weekly report (test/report/collect.test.ts). */
const REAL = [JSON.parse(readFileSync('test/fixtures/golden/weekly-qoe.snapshot.json', 'utf8')) as unknown];

const PRIMITIVE: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  double: (v) => typeof v === 'number',
  int: (v) => Number.isInteger(v) && Math.abs(v as number) < 2 ** 31,
  bigint: (v) => Number.isInteger(v),
  boolean: (v) => typeof v === 'boolean',
};

/**
 * Walks the definition over a JSON value: each problem as "path: why"; `seen` collects every field path that had
 * a non-null value somewhere (a field that is null in every real snapshot is not proven to exist with its type).
 */
function check(type: ColumnType, value: unknown, at: string, seen: Set<string>, problems: string[]): void {
  if (value === null || value === undefined) return;
  seen.add(at);
  if (typeof type === 'string') {
    if (!PRIMITIVE[type]!(value)) problems.push(`${at}: expected ${type}, got ${JSON.stringify(value)}`);
    return;
  }
  if ('array' in type) {
    if (!Array.isArray(value)) problems.push(`${at}: expected an array`);
    else for (const v of value) check(type.array, v, `${at}[]`, seen, problems);
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${at}: expected an object`);
    return;
  }
  const o = value as Record<string, unknown>;
  for (const f of type.struct) {
    if (!(f.key in o)) problems.push(`${at}.${f.key}: missing`);
    check(f.type, o[f.key], `${at}.${f.key}`, seen, problems);
  }
}

function paths(fields: readonly Field[], at: string): string[] {
  return fields.flatMap((f) => {
    const p = `${at}.${f.key}`;
    let t = f.type;
    let q = p;
    while (typeof t !== 'string' && 'array' in t) {
      t = t.array;
      q += '[]';
    }
    return typeof t === 'string' ? [q] : [q, ...paths(t.struct, q)];
  });
}

describe('the snapshot table columns', () => {
  it('every column exists in real snapshots with its declared type', () => {
    const seen = new Set<string>();
    const problems: string[] = [];
    for (const s of REAL) check({ struct: SNAPSHOT_COLUMN_FIELDS }, s, '$', seen, problems);
    expect(problems).toEqual([]);
    // Fields that are null in every real snapshot (allowed by the schema) are listed so the test says it.
    const neverSet = paths(SNAPSHOT_COLUMN_FIELDS, '$').filter((p) => !seen.has(p));
    expect(neverSet).toEqual(NULL_IN_THE_GOLDEN);
  });

  it('Glue gets the definition: the same names, in order, lower-cased keys', () => {
    expect(SNAPSHOT_COLUMNS.map((c) => c.name)).toEqual(SNAPSHOT_COLUMN_FIELDS.map(columnName));
    expect(SNAPSHOT_COLUMNS.find((c) => c.name === 'report_info')?.type.inputString).toBe(
      'struct<id:string,title:string,cadence:string,filters:array<string>>',
    );
  });
});

/**
 * Present in the golden but null (or an empty list) there, so their type is proven by the snapshot schema only:
 * the report has no filters, Mux refused nothing, every section is ok (reason null), scores and volume have no
 * measurement, volume and key metrics no global benchmark, and causes were found (`summary` is the "nothing moved"
 * line, set only when none were).
 */
const NULL_IN_THE_GOLDEN: string[] = [
  '$.report.filters[]',
  '$.coverage.period.refused',
  '$.coverage.previousPeriod.refused',
  '$.scores.reason',
  '$.scores.items[].measurement',
  '$.causes.reason',
  '$.causes.summary',
  '$.volume.reason',
  '$.volume.items[].measurement',
  '$.volume.items[].globalValue',
  '$.keyMetrics.reason',
  '$.keyMetrics.items[].globalValue',
  '$.insights.reason',
  '$.incidents.reason',
  '$.errors.reason',
  '$.breakdowns.reason',
];

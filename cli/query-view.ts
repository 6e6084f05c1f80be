/**
 * The DuckDB side of `npm run query`: the views `mux_qoe_reports.snapshots` and `mux_qoe_reports.segment_snapshots`
 * (fan-out segments) over a local archive, with the Glue tables' names and columns, both generated from infra/snapshot-columns.ts, and three macros that let Athena
 * (Trino) queries run unchanged.
 *
 * - The partition columns `report`, `cadence`, `dt` come from the file's key, like partition projection; DuckDB's
 *   own hive partitioning is off because its `report` would replace the snapshot's `report` object (`report_info`).
 * - `read_json` is given every column's type (no sampling), so a snapshot that lacks a field (older ones have no
 *   `coverage`) reads it as NULL, as Athena's SerDe does.
 * - Trino functions DuckDB lacks or spells otherwise (the README and docs/deploy.md queries use them):
 *   `date_add(unit, n, date)`, `date_format(date, '%Y-%m-%d')`, `from_unixtime(epoch)`. DuckDB's own two-argument
 *   `date_add(date, interval)` still works. Other Trino-only functions are not shimmed: docs/cli.md says so.
 */
import {
  columnName,
  duckDbType,
  GLUE_DATABASE_NAME,
  SEGMENT_PARTITION_FIELDS,
  SEGMENT_TABLE_NAME,
  SNAPSHOT_COLUMN_FIELDS,
  SNAPSHOT_PARTITION_FIELDS,
  SNAPSHOT_TABLE_NAME,
} from '../infra/snapshot-columns.js';

/** The Trino functions the Athena examples use, as DuckDB macros. */
export const TRINO_MACROS = [
  `CREATE OR REPLACE TEMP MACRO date_add(unit, n, d) AS CASE lower(unit)
     WHEN 'day' THEN d + to_days(CAST(n AS INTEGER)) WHEN 'week' THEN d + to_days(7 * CAST(n AS INTEGER))
     WHEN 'month' THEN d + to_months(CAST(n AS INTEGER)) WHEN 'year' THEN d + to_years(CAST(n AS INTEGER)) END,
   (d, i) AS d + i`,
  `CREATE OR REPLACE TEMP MACRO date_format(d, f) AS strftime(d, f)`,
  `CREATE OR REPLACE TEMP MACRO from_unixtime(x) AS to_timestamp(x)`,
];

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;

export const QUALIFIED_TABLE = `${GLUE_DATABASE_NAME}.${SNAPSHOT_TABLE_NAME}`;
export const QUALIFIED_SEGMENT_TABLE = `${GLUE_DATABASE_NAME}.${SEGMENT_TABLE_NAME}`;

/**
 * Partition columns from the key (`…/report=<id>[/segment=<value>]/cadence=<c>/dt=<date>/snapshot.json`), in the
 * Glue tables' order.
 */
const partitions = (fields: readonly { key: string }[]): string =>
  fields.map(({ key: p }) => `regexp_extract(filename, '/${p}=([^/]+)/', 1) AS ${p}`).join(',\n  ');

/**
 * A fan-out segment's snapshot is under `report=<id>/segment=<value>/` (report/snapshot-store.ts): like Athena's two
 * tables, `snapshots` never holds one (so `avg(overall)` of a report counts only its own rows) and
 * `segment_snapshots` holds only those.
 */
const SEGMENT_FILE = `regexp_matches(filename, '/report=[^/]+/segment=[^/]+/')`;

/**
 * The statements that create the view. `files` is the glob of the archive's snapshot.json files, or null when
 * there are none (then the view has the same columns and no rows: `read_json` refuses a glob that matches nothing).
 */
export function viewStatements(files: string | null): string[] {
  const columns = SNAPSHOT_COLUMN_FIELDS.map((f) => `${ident(f.key)} AS ${columnName(f)}`).join(',\n  ');
  const source =
    files === null
      ? `(SELECT ${SNAPSHOT_COLUMN_FIELDS.map((f) => `CAST(NULL AS ${duckDbType(f.type)}) AS ${ident(f.key)}`).join(', ')}, CAST(NULL AS VARCHAR) AS filename WHERE false)`
      : `read_json(${quote(files)}, format = 'newline_delimited', hive_partitioning = false, filename = true, columns = {${SNAPSHOT_COLUMN_FIELDS.map((f) => `${quote(f.key)}: ${quote(duckDbType(f.type))}`).join(', ')}})`;
  return [
    ...TRINO_MACROS,
    `CREATE SCHEMA IF NOT EXISTS ${GLUE_DATABASE_NAME}`,
    `CREATE OR REPLACE VIEW ${QUALIFIED_TABLE} AS SELECT\n  ${columns},\n  ${partitions(SNAPSHOT_PARTITION_FIELDS)}\nFROM ${source}\nWHERE NOT ${SEGMENT_FILE}`,
    `CREATE OR REPLACE VIEW ${QUALIFIED_SEGMENT_TABLE} AS SELECT\n  ${columns},\n  ${partitions(SEGMENT_PARTITION_FIELDS)}\nFROM ${source}\nWHERE ${SEGMENT_FILE}`,
    // `snapshots` alone works too.
    `SET search_path = '${GLUE_DATABASE_NAME},main'`,
  ];
}

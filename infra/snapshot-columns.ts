/**
 * The one definition of the snapshot table's columns: the Glue table Athena queries (constructs/snapshot-table.ts)
 * and the DuckDB view `npm run query` reads the local archive through (cli/query-view.ts) are both generated from
 * it, and test/query/columns.test.ts checks every column against real snapshots (type included).
 *
 * A field is named by the snapshot's own JSON key (camelCase); Glue gets it lower-cased (the OpenX SerDe matches keys
 * case-insensitively), DuckDB keeps the key and is case-insensitive itself, so both answer to the same names.
 * Columns cover the queryable top-level fields; fields not declared here are ignored by both, so adding fields to
 * the snapshot never breaks the table. Adding a column is one line in SNAPSHOT_COLUMN_FIELDS.
 *
 * No aws-cdk-lib import here: the CLI loads this without the CDK.
 */

export type Primitive = 'string' | 'double' | 'int' | 'bigint' | 'boolean';
export type ColumnType = Primitive | { struct: readonly Field[] } | { array: ColumnType };

export interface Field {
  /** The snapshot's JSON key. */
  key: string;
  type: ColumnType;
  /** The column's name when it is not the key lower-cased (`report` → `report_info`). */
  name?: string;
  comment?: string;
}

const f = (key: string, type: ColumnType, comment?: string): Field => ({ key, type, ...(comment ? { comment } : {}) });
const struct = (...fields: Field[]): ColumnType => ({ struct: fields });
const array = (of: ColumnType): ColumnType => ({ array: of });
const S = 'string';
const D = 'double';
const I = 'int';
const B = 'bigint';
const BOOL = 'boolean';

const sectionFields = [f('status', S), f('reason', S)];

const metricValue = struct(
  f('metric', S),
  f('measurement', S),
  f('label', S),
  f('unit', S),
  f('direction', S),
  f('value', D),
  f('display', S),
  f('previous', D),
  f('previousDisplay', S),
  f('deltaAbsolute', D),
  f('deltaRelative', D),
  f('deltaDisplay', S),
  f('globalValue', D),
  f('verdict', S),
);
const metricSection = struct(...sectionFields, f('items', array(metricValue)));

/** Period fields; `start`/`end` (ISO strings) are left out: reserved words in Hive type strings. Use the epochs. */
const period = struct(
  f('key', S),
  f('label', S),
  f('cadence', S),
  f('timeZone', S),
  f('startEpoch', B),
  f('endEpoch', B),
);

/** An instant span, by its epochs (its ISO `start`/`end` are left out like the period's). */
const span = struct(f('startEpoch', B), f('endEpoch', B));
/** `coverage.period` / `coverage.previousPeriod`: what was asked, sent, echoed and covered, and why it differs. */
const periodCoverage = struct(
  f('requested', span),
  f('sent', span),
  f('effective', span),
  f('covered', span),
  f('cause', S),
  f('refused', S),
);

/** The table's columns, in order (the partition columns `report`, `cadence`, `dt` come from the key). */
export const SNAPSHOT_COLUMN_FIELDS: readonly Field[] = [
  f('schemaVersion', I),
  // `report` is the partition column (from the key); the snapshot's `report` object is mapped here.
  {
    key: 'report',
    name: 'report_info',
    type: struct(f('id', S), f('title', S), f('cadence', S), f('filters', array(S))),
    comment: 'the snapshot "report" object',
  },
  f('environment', struct(f('name', S), f('dashboardUrl', S))),
  f('period', period),
  f('previousPeriod', period),
  f(
    'coverage',
    struct(f('rounding', S), f('period', periodCoverage), f('previousPeriod', periodCoverage), f('partial', BOOL)),
    'the span the numbers cover (Mux rounding, retention) and whether the period is partial; absent before it existed',
  ),
  f('generatedAt', S, 'ISO 8601 with offset'),
  f('headline', struct(f('text', S), f('totalViews', B), f('hasViews', BOOL))),
  f('scores', metricSection),
  f(
    'causes',
    struct(
      ...sectionFields,
      f('moved', I),
      f('summary', S),
      f(
        'items',
        array(
          struct(
            f('metric', S),
            f('measurement', S),
            f('verdict', S),
            f('deltaAbsolute', D),
            f('approximate', BOOL),
            f('sentence', S),
            f(
              'causes',
              array(
                struct(
                  f('dimension', S),
                  f('field', S),
                  f('contribution', D),
                  f('share', D),
                  f('kind', S),
                  f('viewShare', D),
                ),
              ),
            ),
          ),
        ),
      ),
      f('calls', I),
    ),
    'what changed and why (docs/causes.md); absent before it existed',
  ),
  f('volume', metricSection),
  f('keyMetrics', metricSection),
  f(
    'insights',
    struct(
      ...sectionFields,
      f(
        'items',
        array(
          struct(
            f('metric', S),
            f('dimension', S),
            f('dimensionValue', S),
            f('value', D),
            f('negativeImpactScore', D),
            f('views', B),
          ),
        ),
      ),
    ),
  ),
  f('incidents', struct(...sectionFields, f('opened', I), f('resolved', I), f('stillOpen', I))),
  f(
    'errors',
    struct(
      ...sectionFields,
      f(
        'items',
        array(
          struct(f('id', B), f('code', S), f('message', S), f('views', B), f('percentage', D), f('previousViews', B)),
        ),
      ),
      f('totalErrorViews', B),
    ),
  ),
  f(
    'breakdowns',
    struct(
      ...sectionFields,
      f(
        'items',
        array(
          struct(
            f('dimension', S),
            f('metric', S),
            f('unit', S),
            f(
              'rows',
              array(
                struct(
                  f('field', S),
                  f('isOther', BOOL),
                  f('value', D),
                  f('views', B),
                  f('viewShare', D),
                  f('negativeImpact', D),
                ),
              ),
            ),
            f('totalSegments', I),
          ),
        ),
      ),
    ),
  ),
  f('cost', struct(f('calls', I), f('retries', I), f('rateLimited', I), f('bytes', B), f('durationMs', B))),
];

/** The partition columns, projected from the key `snapshots/report=<id>/cadence=<c>/dt=<yyyy-MM-dd>/`. */
export const SNAPSHOT_PARTITION_FIELDS: readonly Field[] = [
  f('report', S),
  f('cadence', S),
  f('dt', S, 'local date of the period start, yyyy-MM-dd'),
];

/**
 * Fan-out reports' partitions: `snapshots/report=<id>/segment=<value>/cadence=<c>/dt=<…>/` (a sibling of the
 * unsegmented `cadence=` folders; report/snapshot-store.ts), queried through their own table.
 */
export const SEGMENT_PARTITION_FIELDS: readonly Field[] = [
  f('report', S),
  f('segment', S, 'fanOut value, percent-encoded as in the key'),
  f('cadence', S),
  f('dt', S, 'local date of the period start, yyyy-MM-dd'),
];

export const GLUE_DATABASE_NAME = 'mux_qoe_reports';
export const SNAPSHOT_TABLE_NAME = 'snapshots';
/** Fan-out reports' snapshots, one per segment (functions/commons/config/fan-out.ts). */
export const SEGMENT_TABLE_NAME = 'segment_snapshots';

/** The column's name in Glue and in the DuckDB view. */
export const columnName = (field: Field): string => field.name ?? field.key.toLowerCase();

const DUCKDB_PRIMITIVE: Record<Primitive, string> = {
  string: 'VARCHAR',
  double: 'DOUBLE',
  int: 'INTEGER',
  bigint: 'BIGINT',
  boolean: 'BOOLEAN',
};

/** A DuckDB type (struct fields keep the JSON keys, so `read_json` finds them; DuckDB names are case-insensitive). */
export function duckDbType(type: ColumnType): string {
  if (typeof type === 'string') return DUCKDB_PRIMITIVE[type];
  if ('array' in type) return `${duckDbType(type.array)}[]`;
  return `STRUCT(${type.struct.map((x) => `"${x.key}" ${duckDbType(x.type)}`).join(', ')})`;
}

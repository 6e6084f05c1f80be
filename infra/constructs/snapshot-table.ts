/**
 * Athena over the snapshot archive, with no crawler: a Glue table `snapshots` (and `segment_snapshots` for fan-out
 * reports, partitioned by `segment` too: `snapshots/report=<id>/segment=<value>/cadence=…/dt=…/`) whose partitions
 * (`report`, `cadence`, `dt`) are PROJECTED from the key layout
 * `snapshots/report=<id>/cadence=<cadence>/dt=<yyyy-MM-dd>/snapshot.json`, so a new report or a new
 * day is queryable the moment its file lands. Plus a workgroup that writes results into the bucket.
 *
 * Two constraints on the files (the snapshot store must honour them):
 * - Athena reads EVERY object under a partition prefix, so only `snapshot.json` may live under
 *   `snapshots/` (rendered emails go to the parallel `emails/` prefix).
 * - The OpenX JSON SerDe reads one JSON document per LINE: `snapshot.json` must be written compact
 *   (`JSON.stringify(snapshot)`, no indentation), optionally followed by one newline.
 *
 * Columns are defined once in ../snapshot-columns.ts (shared with the DuckDB view of `npm run query`): nested
 * objects are structs whose field names are the snapshot's keys lower-cased (the SerDe matches keys
 * case-insensitively). Fields not declared there are ignored, so adding fields to the snapshot never breaks the table.
 */
import { Stack } from 'aws-cdk-lib';
import { CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import {
  type CfnTable,
  type Column,
  Database,
  DataFormat,
  PartitionProjectionConfiguration,
  S3Table,
  S3TableStorage,
  Schema,
  type Type,
} from 'aws-cdk-lib/aws-glue';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CADENCES } from '../../functions/commons/config/schema.js';
import {
  type ColumnType,
  columnName,
  type Field,
  GLUE_DATABASE_NAME,
  type Primitive,
  SEGMENT_PARTITION_FIELDS,
  SEGMENT_TABLE_NAME,
  SNAPSHOT_COLUMN_FIELDS,
  SNAPSHOT_PARTITION_FIELDS,
  SNAPSHOT_TABLE_NAME,
} from '../snapshot-columns.js';
import { PREFIXES } from './report-bucket.js';

const col = (name: string, type: Type, comment?: string): Column => ({ name, type, ...(comment ? { comment } : {}) });

const PRIMITIVES: Record<Primitive, Type> = {
  string: Schema.STRING,
  double: Schema.DOUBLE,
  int: Schema.INTEGER,
  bigint: Schema.BIG_INT,
  boolean: Schema.BOOLEAN,
};

/** The Glue type of a column of the one definition (../snapshot-columns.ts). */
function glueType(type: ColumnType): Type {
  if (typeof type === 'string') return PRIMITIVES[type];
  if ('array' in type) return Schema.array(glueType(type.array));
  return Schema.struct(type.struct.map(glueColumn));
}

const glueColumn = (field: Field): Column => col(columnName(field), glueType(field.type), field.comment);

/** The columns, from the one definition shared with the DuckDB view of `npm run query` (../snapshot-columns.ts). */
export const SNAPSHOT_COLUMNS: Column[] = SNAPSHOT_COLUMN_FIELDS.map(glueColumn);

export { GLUE_DATABASE_NAME, SEGMENT_TABLE_NAME, SNAPSHOT_TABLE_NAME };
/** First day a snapshot can exist; the projected `dt` range runs from here to NOW. */
export const FIRST_SNAPSHOT_DAY = '2025-01-01';

export interface SnapshotTableProps {
  readonly bucket: IBucket;
  /** Values of the `report` partition: the configured report ids. */
  readonly reportIds: readonly string[];
}

export class SnapshotTable extends Construct {
  readonly database: Database;
  readonly table: S3Table;
  readonly segmentTable: S3Table;
  readonly workGroup: CfnWorkGroup;

  constructor(scope: Construct, id: string, props: SnapshotTableProps) {
    super(scope, id);
    const { bucket } = props;
    this.database = new Database(this, 'Database', {
      databaseName: GLUE_DATABASE_NAME,
      description: 'Mux QoE report snapshots (one JSON document per report and period)',
    });

    const projected = {
      report: PartitionProjectionConfiguration.enum({ values: [...props.reportIds] }),
      // `custom` = on-demand snapshots over an arbitrary period, if the store archives them.
      cadence: PartitionProjectionConfiguration.enum({ values: [...CADENCES, 'custom'] }),
      dt: PartitionProjectionConfiguration.date({ min: FIRST_SNAPSHOT_DAY, max: 'NOW', format: 'yyyy-MM-dd' }),
    };
    const table = (tableId: string, tableName: string, description: string, segmented: boolean) => {
      const t = new S3Table(this, tableId, {
        database: this.database,
        tableName,
        description,
        storage: S3TableStorage.fromBucket(bucket),
        s3Prefix: PREFIXES.snapshots,
        dataFormat: DataFormat.JSON,
        // SSE-S3 is transparent to Athena; `has_encrypted_data` is only for client-side encryption.
        hasEncryptedData: false,
        columns: SNAPSHOT_COLUMNS,
        partitionKeys: (segmented ? SEGMENT_PARTITION_FIELDS : SNAPSHOT_PARTITION_FIELDS).map(glueColumn),
        // A segment is free text (or Mux's top values, known only at run time): `injected` = the query names it
        // (`WHERE segment = 'acme'`), so no list of values is kept in the table.
        partitionProjection: segmented
          ? { ...projected, segment: PartitionProjectionConfiguration.injected() }
          : projected,
        parameters: {
          'storage.location.template': `s3://${bucket.bucketName}/${PREFIXES.snapshots}report=\${report}/${
            segmented ? `segment=\${segment}/` : ''
          }cadence=\${cadence}/dt=\${dt}/`,
        },
      });
      // The L2 has no SerDe parameters: map the JSON key `report` to the `report_info` column (the name
      // `report` belongs to the partition column).
      (t.node.defaultChild as CfnTable).addPropertyOverride('TableInput.StorageDescriptor.SerdeInfo.Parameters', {
        'mapping.report_info': 'report',
        'case.insensitive': 'TRUE',
      });
      return t;
    };
    this.table = table(
      'Snapshots',
      SNAPSHOT_TABLE_NAME,
      'snapshot.json files; partitions projected from the S3 key (no crawler)',
      false,
    );
    // Fan-out snapshots live at report=<id>/segment=<value>/cadence=…/dt=…/ (report/snapshot-store.ts): a sibling
    // of the unsegmented cadence= folders, so neither table's projected locations ever hold the other's files.
    this.segmentTable = table(
      'SegmentSnapshots',
      SEGMENT_TABLE_NAME,
      'snapshot.json files of fan-out reports, one per segment; partitions projected from the S3 key',
      true,
    );

    this.workGroup = new CfnWorkGroup(this, 'WorkGroup', {
      name: `${Stack.of(this).stackName}-snapshots`,
      description: 'Queries over the report snapshots; results land in the reports bucket',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        // Snapshots are KBs; 1 GB per query is a generous guard against an accidental full scan of exports.
        bytesScannedCutoffPerQuery: 1024 ** 3,
        resultConfiguration: {
          outputLocation: `s3://${bucket.bucketName}/${PREFIXES.athenaResults}`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });
  }
}

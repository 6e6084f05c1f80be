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
 * Columns cover the queryable top-level fields; nested objects are structs whose field names are the
 * snapshot's keys lower-cased (the SerDe matches keys case-insensitively). Fields not declared here
 * are ignored, so adding fields to the snapshot never breaks the table.
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
import { PREFIXES } from './report-bucket.js';

const col = (name: string, type: Type, comment?: string): Column => ({ name, type, ...(comment ? { comment } : {}) });
const S = Schema.STRING;
const D = Schema.DOUBLE;
const I = Schema.INTEGER;
const B = Schema.BIG_INT;

const sectionFields = [col('status', S), col('reason', S)];

const metricValue = Schema.struct([
  col('metric', S),
  col('measurement', S),
  col('label', S),
  col('unit', S),
  col('direction', S),
  col('value', D),
  col('display', S),
  col('previous', D),
  col('previousdisplay', S),
  col('deltaabsolute', D),
  col('deltarelative', D),
  col('deltadisplay', S),
  col('globalvalue', D),
  col('verdict', S),
]);
const metricSection = Schema.struct([...sectionFields, col('items', Schema.array(metricValue))]);

/** Period fields; `start`/`end` (ISO strings) are left out: reserved words in Hive type strings. Use the epochs. */
const period = Schema.struct([
  col('key', S),
  col('label', S),
  col('cadence', S),
  col('timezone', S),
  col('startepoch', B),
  col('endepoch', B),
]);

/** An instant span, by its epochs (its ISO `start`/`end` are left out like the period's). */
const span = Schema.struct([col('startepoch', B), col('endepoch', B)]);
/** `coverage.period` / `coverage.previousPeriod`: what was asked, sent, echoed and covered, and why it differs. */
const periodCoverage = Schema.struct([
  col('requested', span),
  col('sent', span),
  col('effective', span),
  col('covered', span),
  col('cause', S),
  col('refused', S),
]);

export const SNAPSHOT_COLUMNS: Column[] = [
  col('schemaversion', I),
  // `report` is the partition column (from the key); the snapshot's `report` object is mapped here.
  col(
    'report_info',
    Schema.struct([col('id', S), col('title', S), col('cadence', S), col('filters', Schema.array(S))]),
    'the snapshot "report" object',
  ),
  col('environment', Schema.struct([col('name', S), col('dashboardurl', S)])),
  col('period', period),
  col('previousperiod', period),
  col(
    'coverage',
    Schema.struct([
      col('rounding', S),
      col('period', periodCoverage),
      col('previousperiod', periodCoverage),
      col('partial', Schema.BOOLEAN),
    ]),
    'the span the numbers cover (Mux rounding, retention) and whether the period is partial; absent before it existed',
  ),
  col('generatedat', S, 'ISO 8601 with offset'),
  col('headline', Schema.struct([col('text', S), col('totalviews', B), col('hasviews', Schema.BOOLEAN)])),
  col('scores', metricSection),
  col(
    'causes',
    Schema.struct([
      ...sectionFields,
      col('moved', I),
      col('summary', S),
      col(
        'items',
        Schema.array(
          Schema.struct([
            col('metric', S),
            col('measurement', S),
            col('verdict', S),
            col('deltaabsolute', D),
            col('approximate', Schema.BOOLEAN),
            col('sentence', S),
            col(
              'causes',
              Schema.array(
                Schema.struct([
                  col('dimension', S),
                  col('field', S),
                  col('contribution', D),
                  col('share', D),
                  col('kind', S),
                  col('viewshare', D),
                ]),
              ),
            ),
          ]),
        ),
      ),
      col('calls', I),
    ]),
    'what changed and why (docs/causes.md); absent before it existed',
  ),
  col('volume', metricSection),
  col('keymetrics', metricSection),
  col(
    'insights',
    Schema.struct([
      ...sectionFields,
      col(
        'items',
        Schema.array(
          Schema.struct([
            col('metric', S),
            col('dimension', S),
            col('dimensionvalue', S),
            col('value', D),
            col('negativeimpactscore', D),
            col('views', B),
          ]),
        ),
      ),
    ]),
  ),
  col('incidents', Schema.struct([...sectionFields, col('opened', I), col('resolved', I), col('stillopen', I)])),
  col(
    'errors',
    Schema.struct([
      ...sectionFields,
      col(
        'items',
        Schema.array(
          Schema.struct([
            col('id', B),
            col('code', S),
            col('message', S),
            col('views', B),
            col('percentage', D),
            col('previousviews', B),
          ]),
        ),
      ),
      col('totalerrorviews', B),
    ]),
  ),
  col(
    'breakdowns',
    Schema.struct([
      ...sectionFields,
      col(
        'items',
        Schema.array(
          Schema.struct([
            col('dimension', S),
            col('metric', S),
            col('unit', S),
            col(
              'rows',
              Schema.array(
                Schema.struct([
                  col('field', S),
                  col('isother', Schema.BOOLEAN),
                  col('value', D),
                  col('views', B),
                  col('viewshare', D),
                  col('negativeimpact', D),
                ]),
              ),
            ),
            col('totalsegments', I),
          ]),
        ),
      ),
    ]),
  ),
  col(
    'cost',
    Schema.struct([col('calls', I), col('retries', I), col('ratelimited', I), col('bytes', B), col('durationms', B)]),
  ),
];

export const GLUE_DATABASE_NAME = 'mux_qoe_reports';
export const SNAPSHOT_TABLE_NAME = 'snapshots';
/** Fan-out reports' snapshots, one per segment (functions/commons/config/fan-out.ts). */
export const SEGMENT_TABLE_NAME = 'segment_snapshots';
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

    const dt = col('dt', S, 'local date of the period start, yyyy-MM-dd');
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
        partitionKeys: segmented
          ? [col('report', S), col('segment', S, 'fanOut value, percent-encoded as in the key'), col('cadence', S), dt]
          : [col('report', S), col('cadence', S), dt],
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

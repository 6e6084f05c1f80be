/**
 * The archive bucket: snapshots (queried by Athena), rendered emails, Mux raw exports and Athena
 * query results, each under its own prefix (see `PREFIXES`).
 *
 * Server access logs go to a separate logs bucket: snapshots carry viewer-level details (failed views
 * with video titles, countries), so who read them is worth an audit trail, and the cost is negligible
 * at a few objects a week.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, StorageClass } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Key layout shared with the snapshot store and the archive-exports function. */
export const PREFIXES = {
  /** `snapshots/report=<id>/cadence=<cadence>/dt=<yyyy-MM-dd>/snapshot.json` — ONLY snapshot.json (Athena reads every file here). */
  snapshots: 'snapshots/',
  /** `emails/report=<id>/cadence=<cadence>/dt=<yyyy-MM-dd>/{report.html,report.txt,message.eml}`. */
  emails: 'emails/',
  /** `exports/<environment>/dt=<yyyy-MM-dd>/<file>` Mux raw view exports. */
  exports: 'exports/',
  /** Athena workgroup results. */
  athenaResults: 'athena-results/',
  /**
   * `fanout/report=<id>/cadence=<cadence>/dt=<yyyy-MM-dd>/scorecards.json`: a fan-out run's shared scorecards,
   * read by its segments' invocations (functions/commons/report/shared-scorecards-store.ts); a working file.
   */
  fanout: 'fanout/',
} as const;

export class ReportBucket extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // S3 server access logging only delivers to SSE-S3 buckets.
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the server access log bucket itself; logging it to another bucket would recurse.',
    });

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'reports-bucket/',
      lifecycleRules: [
        // Versioning protects against overwrites/deletes; old versions need not live forever.
        { id: 'expire-noncurrent', noncurrentVersionExpiration: Duration.days(90) },
        {
          // Raw exports are rarely read after the first month; Glacier IR keeps them millisecond-readable.
          id: 'exports-tiering',
          prefix: PREFIXES.exports,
          // Parts of a multipart upload whose abort was lost (e.g. the function timed out) are not kept.
          abortIncompleteMultipartUploadAfter: Duration.days(1),
          transitions: [
            { storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) },
            { storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(90) },
          ],
        },
        { id: 'expire-athena-results', prefix: PREFIXES.athenaResults, expiration: Duration.days(30) },
        // Read only by the run that wrote it (and its retries); the snapshots keep every number it gave.
        { id: 'expire-fanout', prefix: PREFIXES.fanout, expiration: Duration.days(35) },
      ],
      // Snapshots are the long-term record: never delete them with the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}

/**
 * MuxQoeReportsStack: everything the report configuration needs, and nothing account-specific (no
 * `env`, no lookups) so `cdk synth` runs offline without credentials.
 *
 * Wiring only; each construct in ./constructs has one job.
 */
import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { ArnPrincipal, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { type Config, secretNameFor } from '../functions/commons/config/schema.js';
import { lambdaEnvironment } from '../functions/commons/settings/environment.js';
import type { LogLevelName } from '../functions/commons/settings/index.js';
import { QUEUE_URL_ENV } from '../functions/scheduled-report/queue-env.js';
import { ReportAlarms } from './constructs/alarms.js';
import { ChannelSecrets } from './constructs/channel-secrets.js';
import { CustomerMail } from './constructs/customer-mail.js';
import { DeadLetterQueue } from './constructs/dead-letter-queue.js';
import { IdempotencyTable } from './constructs/idempotency-table.js';
import { MuxSecrets } from './constructs/mux-secrets.js';
import { PREFIXES, ReportBucket } from './constructs/report-bucket.js';
import { ReportFunction } from './constructs/report-function.js';
import { MAX_MESSAGE_AGE, ReportQueue } from './constructs/report-queue.js';
import { ReportSchedules } from './constructs/report-schedules.js';
import { SenderIdentity } from './constructs/sender-identity.js';
import { SnapshotTable } from './constructs/snapshot-table.js';
import { fromAddresses, uncoveredSendersMessage } from './sender-rules.js';

export interface MuxQoeReportsStackProps extends StackProps {
  readonly config: Config;
  /** Create a new SES domain identity (Easy DKIM) for this domain. */
  readonly sesDomain?: string;
  /** Use this existing, verified SES identity (domain or email address). */
  readonly sesIdentity?: string;
  /** Email subscribed to the alarm topic. */
  readonly alarmEmail?: string;
  /** IAM principal ARN allowed to call the on-demand Function URL. */
  readonly invokerArn?: string;
  readonly logLevel?: LogLevelName;
  /**
   * Source-mapped stack traces at run time (`NODE_OPTIONS=--enable-source-maps`). Off by default: measured by
   * `npm run bench`, it costs ~40 MB of peak RSS (173 → 132 MB) and ~100–280 ms on a cold first request,
   * because Node parses every chunk's map. The maps are deployed either way, so a minified trace can be
   * mapped offline, or this can be switched on while debugging (`-c sourceMapStackTraces=true`).
   */
  readonly sourceMapStackTraces?: boolean;
}

/** Lambda's limit on the total size of a function's environment variables (keys + values). */
export const LAMBDA_ENV_LIMIT_BYTES = 4096;

export function envSize(env: Record<string, string>): number {
  return Object.entries(env).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
}

/** Exact IAM actions per use (no `s3:*Object*` wildcards). */
const S3_READ_WRITE = ['s3:GetObject', 's3:PutObject'];
const IDEMPOTENCY_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];

export class MuxQoeReportsStack extends Stack {
  constructor(scope: Construct, id: string, props: MuxQoeReportsStackProps) {
    super(scope, id, props);
    // Access logs are delivered under a bucket policy (the modern way) instead of the legacy
    // LogDeliveryWrite ACL, which BUCKET_OWNER_ENFORCED forbids. Set here so it holds without cdk.json.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const { config } = props;
    const archiveEnvironments = config.environments.filter((env) => env.archiveExports);

    const storage = new ReportBucket(this, 'Storage');
    const bucket = storage.bucket;
    const idempotency = new IdempotencyTable(this, 'Idempotency').table;
    const secrets = new MuxSecrets(this, 'MuxSecrets', config.environments);
    const channelSecrets = new ChannelSecrets(this, 'ChannelSecrets', config.reports);
    const sender = new SenderIdentity(this, 'Sender', {
      sesDomain: props.sesDomain,
      sesIdentity: props.sesIdentity,
      fromAddresses: fromAddresses(config),
    });
    // A deploy whose senders lie outside the granted identity could not send one email: refuse it here, offline.
    const uncovered = uncoveredSendersMessage(config, sender.identityNames);
    if (uncovered) throw new Error(uncovered);
    new SnapshotTable(this, 'Athena', { bucket, reportIds: config.reports.map((report) => report.id) });
    // Bounce/complaint suppression (SES configuration set) and the customers' one-click unsubscribe route.
    const customerMail = new CustomerMail(this, 'CustomerMail', {
      reports: config.reports,
      ...(props.logLevel ? { logLevel: props.logLevel } : {}),
    });

    const commonEnv = (service: string): Record<string, string> =>
      lambdaEnvironment({
        config,
        snapshotBucket: bucket.bucketName,
        idempotencyTable: idempotency.tableName,
        service,
        ...(props.logLevel ? { logLevel: props.logLevel } : {}),
        ...(props.sourceMapStackTraces ? { sourceMapStackTraces: true } : {}),
        // The report functions send mail; the archive function does not.
        ...(service === 'archive-exports' ? {} : customerMail.environment()),
      });
    const checkEnv = (name: string, env: Record<string, string>) => {
      // Tokens (bucket/table names) count as ~60 bytes each once resolved; the config dominates anyway.
      const size = envSize(env) + 200;
      if (size > LAMBDA_ENV_LIMIT_BYTES) {
        throw new Error(
          `${name}: environment variables would be ~${size} bytes, over Lambda's ${LAMBDA_ENV_LIMIT_BYTES}: ` +
            'the report configuration is too large for REPORTS_CONFIG (fewer recipients per report, or move it to S3)',
        );
      }
      return env;
    };

    // Async failures of scheduled work (after Lambda's own 2 retries) land here.
    const onFailure = new DeadLetterQueue(this, 'AsyncFailures').queue;

    // Budgets, to be confirmed by `npm run bench`: peak RSS target ≤ 160 MB → 256 MB (also buys CPU for
    // JSON + rendering); a weekly report is ~30 Mux calls at 5 req/s with backoff retries (~10–60 s), so
    // 5 min leaves room for Mux 429 storms. On-demand is a synchronous HTTP call: 60 s.
    const scheduledTimeout = Duration.minutes(5);
    const scheduled = new ReportFunction(this, 'ScheduledReport', {
      handler: 'scheduled-report',
      description: 'Builds, archives and emails one scheduled report (invoked by EventBridge Scheduler)',
      memorySize: 256,
      timeout: scheduledTimeout,
      environment: checkEnv('scheduled-report', commonEnv('scheduled-report')),
      onFailure: new SqsDestination(onFailure),
    });
    const onDemand = new ReportFunction(this, 'OnDemand', {
      handler: 'on-demand',
      description: 'On-demand report API behind an IAM-authenticated Function URL',
      memorySize: 256,
      timeout: Duration.seconds(60),
      environment: checkEnv('on-demand', commonEnv('on-demand')),
    });
    // Raw exports are streamed to S3 (never held in memory whole): 512 MB for network buffers and
    // gzip, 15 min for a large day of views. Budgets to be confirmed by `npm run bench`.
    const archive =
      archiveEnvironments.length > 0
        ? new ReportFunction(this, 'ArchiveExports', {
            handler: 'archive-exports',
            description: 'Copies Mux daily raw view exports into S3',
            memorySize: 512,
            timeout: Duration.minutes(15),
            environment: checkEnv('archive-exports', commonEnv('archive-exports')),
            onFailure: new SqsDestination(onFailure),
          })
        : undefined;

    // --- least-privilege grants ---------------------------------------------------------------
    const objectArns = (...prefixes: string[]) => prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`));
    const grantPrefixes = (target: ReportFunction, prefixes: string[], reason: string) => {
      target.role.addToPolicy(new PolicyStatement({ actions: S3_READ_WRITE, resources: objectArns(...prefixes) }));
      // ListBucket (prefix-scoped) makes a missing key answer 404 instead of 403 (existence checks).
      target.role.addToPolicy(
        new PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': prefixes.map((prefix) => `${prefix}*`) } },
        }),
      );
      const bucketRef = `<${this.getLogicalId(bucket.node.defaultChild as CfnBucket)}.Arn>`;
      for (const prefix of prefixes) {
        Validations.of(target.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${bucketRef}/${prefix}*]`,
          reason: `Object keys are created at run time under the fixed prefix ${prefix}; ${reason}`,
        });
      }
    };
    for (const reportFn of [scheduled, onDemand]) {
      grantPrefixes(
        reportFn,
        [PREFIXES.snapshots, PREFIXES.emails, PREFIXES.fanout],
        'snapshots, rendered emails and fan-out shared scorecards only.',
      );
      reportFn.role.addToPolicy(
        new PolicyStatement({ actions: IDEMPOTENCY_ACTIONS, resources: [idempotency.tableArn] }),
      );
      for (const secret of secrets.byEnvironment.values()) secret.grantRead(reportFn.role);
      channelSecrets.grantRead(reportFn.role);
      sender.grantSend(reportFn.role);
      customerMail.grantReportFunction(reportFn.role);
    }
    if (archive) {
      grantPrefixes(archive, [PREFIXES.exports], 'raw exports only.');
      // Exports without a content-length are streamed as multipart uploads, aborted when a download breaks.
      archive.role.addToPolicy(
        new PolicyStatement({ actions: ['s3:AbortMultipartUpload'], resources: objectArns(PREFIXES.exports) }),
      );
      for (const env of archiveEnvironments) secrets.byEnvironment.get(env.name)!.grantRead(archive.role);
    }

    // --- on-demand Function URL ---------------------------------------------------------------
    const url = onDemand.fn.addFunctionUrl({ authType: FunctionUrlAuthType.AWS_IAM });
    if (props.invokerArn) onDemand.fn.grantInvokeUrl(new ArnPrincipal(props.invokerArn));
    new CfnOutput(this, 'OnDemandUrl', { value: url.url, description: 'SigV4-signed (service "lambda") calls only' });

    // --- report queue (one message group per Mux environment) and schedules --------------------
    const reportQueue = new ReportQueue(this, 'ReportQueue', {
      consumer: scheduled.fn,
      consumerTimeout: scheduledTimeout,
    });
    reportQueue.queue.grantSendMessages(scheduled.role); // fan-out: one message per segment
    scheduled.fn.addEnvironment(QUEUE_URL_ENV, reportQueue.queue.queueUrl);
    const schedules = new ReportSchedules(this, 'Schedules', {
      reports: config.reports,
      scheduledReport: scheduled.fn,
      reportQueue: reportQueue.queue,
      archiveEnvironments,
      archiveExports: archive?.fn,
    });

    // --- alarms -------------------------------------------------------------------------------
    new ReportAlarms(this, 'Alarms', {
      functions: {
        'scheduled-report': scheduled.fn,
        'on-demand': onDemand.fn,
        ...(archive ? { 'archive-exports': archive.fn } : {}),
        ...(customerMail.route ? { unsubscribe: customerMail.route.fn.fn } : {}),
        ...(customerMail.mailEvents ? { 'mail-events': customerMail.mailEvents.fn.fn } : {}),
      },
      queues: {
        'scheduler-dlq': schedules.deadLetterQueue,
        'async-failures': onFailure,
        'report-queue-dlq': reportQueue.deadLetterQueue,
        ...(customerMail.mailEvents ? { 'mail-events-dlq': customerMail.mailEvents.deadLetterQueue } : {}),
      },
      oldestMessage: { 'report-queue': { queue: reportQueue.queue, maxAge: MAX_MESSAGE_AGE } },
      scheduleGroup: schedules.group,
      alarmEmail: props.alarmEmail,
    });

    new CfnOutput(this, 'BucketName', { value: bucket.bucketName });
    new CfnOutput(this, 'SecretNames', { value: config.environments.map(secretNameFor).join(',') });
  }
}

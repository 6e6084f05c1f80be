/**
 * Mail that stops bouncing, and mail customers can stop (docs/unsubscribe.md). Nothing of it exists when no report
 * sends email (chat only).
 *
 * - One retained DynamoDB table (list, address): the unsubscribes of customer-facing reports (list =
 *   report[#segment]) and the addresses no report mails (list = `#suppressed`).
 * - An SES configuration set with suppression reasons BOUNCE + COMPLAINT: SES adds an address that hard-bounces or
 *   complains to the account-level suppression list and drops later messages to it. Every report message is sent
 *   with it (SES_CONFIGURATION_SET), which needs its own IAM grant on the configuration-set ARN besides the
 *   identity's (`grantSend`).
 * - The same set publishes its BOUNCE and COMPLAINT events to the default EventBridge bus (the only bus SES can
 *   publish to); a rule matching our set puts them on an SQS queue (retries, then a dead-letter queue with an
 *   alarm: EventBridge delivery is best effort, a queue keeps what arrived), and the mail-events function records
 *   each address in the `#suppressed` partition of the table below. Every run then skips those addresses itself
 *   and says so, instead of SES dropping them silently (delivery/unsubscribe/suppressions.ts says why both).
 * - Only when a report is customer-facing (`audience: "external"`, config/audience.ts): the one-click unsubscribe
 *   route. A function (functions/unsubscribe) behind a Function URL with NO AWS auth, because mail clients POST to
 *   it (RFC 8058); the HMAC-signed token in each link is its only authority, signed with a key Secrets Manager
 *   generates (never in the template). The report functions may Query the table's unsubscribes and read the key;
 *   the route may only PutItem. Re-adding an address is an operator's act (`npm run subscribers`, with their own
 *   credentials), never the public route's.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import {
  ConfigurationSet,
  ConfigurationSetEventDestination,
  EmailSendingEvent,
  EventDestination,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ReportConfig } from '../../functions/commons/config/schema.js';
import { MAIL_EVENT_DETAIL_TYPES } from '../../functions/commons/delivery/unsubscribe/mail-events.js';
import { UNSUBSCRIBE_KEYS } from '../../functions/commons/delivery/unsubscribe/table.js';
import type { LambdaEnvironmentInput } from '../../functions/commons/settings/environment.js';
import type { LogLevelName } from '../../functions/commons/settings/index.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { ReportFunction } from './report-function.js';

export interface CustomerMailProps {
  readonly reports: readonly ReportConfig[];
  readonly logLevel?: LogLevelName;
}

export class CustomerMail extends Construct {
  /** Absent when no report sends email (chat-only). */
  readonly configurationSet: ConfigurationSet | undefined;
  /**
   * Unsubscribes (`report[#segment]` partitions) and suppressed addresses (`#suppressed`); absent when no report
   * sends email. Its construct id is the one it had when it held unsubscribes only: it is retained, and a new id
   * would make CloudFormation create an empty table beside it.
   */
  readonly table: Table | undefined;
  /** Absent when no report is customer-facing. */
  readonly route: { fn: ReportFunction; signingKey: Secret; url: string } | undefined;
  /** Bounce and complaint events → suppressions; absent when no report sends email. */
  readonly mailEvents: { fn: ReportFunction; queue: Queue; deadLetterQueue: Queue } | undefined;

  constructor(scope: Construct, id: string, props: CustomerMailProps) {
    super(scope, id);
    const logLevel = props.logLevel ?? 'INFO';
    const sendsEmail = props.reports.some((r) => r.channels.some((c) => c.type === 'email'));
    if (!sendsEmail) {
      this.configurationSet = undefined;
      this.table = undefined;
      this.route = undefined;
      this.mailEvents = undefined;
      return;
    }
    const configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSet = configurationSet;
    new CfnOutput(this, 'ConfigurationSetName', {
      value: configurationSet.configurationSetName,
      description: 'SES configuration set of every report message (bounce + complaint suppression)',
    });
    const table = new Table(this, 'Unsubscribes', {
      partitionKey: { name: UNSUBSCRIBE_KEYS.partition, type: AttributeType.STRING },
      sortKey: { name: UNSUBSCRIBE_KEYS.sort, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // An unsubscribe is a promise to a person: deleting the stack must not start mailing them again.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table = table;
    new CfnOutput(this, 'UnsubscribeTableName', {
      value: table.tableName,
      description: 'npm run subscribers -- --table <this> (unsubscribes and bounced/complaining addresses)',
    });
    this.mailEvents = this.#mailEvents(configurationSet, table, logLevel);
    this.route = props.reports.some((r) => r.audience === 'external') ? this.#route(table, logLevel) : undefined;
  }

  /** SES → EventBridge (default bus) → rule → SQS → the mail-events function → the `#suppressed` partition. */
  #mailEvents(configurationSet: ConfigurationSet, table: Table, logLevel: LogLevelName): CustomerMail['mailEvents'] {
    new ConfigurationSetEventDestination(this, 'BounceComplaintEvents', {
      configurationSet,
      // SES publishes email events to the default bus only.
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    const timeout = Duration.seconds(30);
    const deadLetterQueue = new DeadLetterQueue(this, 'MailEventsDeadLetters').queue;
    const queue = new Queue(this, 'MailEvents', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      retentionPeriod: Duration.days(14),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: 5 },
    });
    new Rule(this, 'MailEventsRule', {
      description: "SES bounce and complaint events of the reports' configuration set → the mail-events queue",
      eventPattern: {
        source: ['aws.ses'],
        detailType: [...MAIL_EVENT_DETAIL_TYPES],
        // Only our set's events: another stack's (or team's) mail in the same account is not ours to suppress.
        detail: { mail: { tags: { 'ses:configuration-set': [configurationSet.configurationSetName] } } },
      },
      // An event EventBridge cannot put on the queue (throttled for hours, the queue policy broken) goes to the
      // same dead-letter queue instead of being dropped.
      targets: [new SqsQueue(queue, { deadLetterQueue, retryAttempts: 185, maxEventAge: Duration.hours(24) })],
    });
    const fn = new ReportFunction(this, 'MailEventsFunction', {
      handler: 'mail-events',
      description: 'Records addresses that hard-bounced or complained (SES events) so no report mails them again',
      memorySize: 256,
      timeout,
      environment: {
        SUPPRESSION_TABLE: table.tableName,
        SES_CONFIGURATION_SET: configurationSet.configurationSetName,
        POWERTOOLS_SERVICE_NAME: 'mail-events',
        LOG_LEVEL: logLevel,
        POWERTOOLS_LOG_LEVEL: logLevel,
        POWERTOOLS_METRICS_DISABLED: 'true',
      },
    });
    fn.role.addToPolicy(new PolicyStatement({ actions: ['dynamodb:PutItem'], resources: [table.tableArn] }));
    fn.fn.addEventSource(new SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true }));
    Validations.of(fn.fn).acknowledge({
      id: 'Serverless-LambdaEventSourceMappingDestination',
      reason:
        'Failed messages stay on the queue and move to its dead-letter queue after 5 receives (alarmed); an ' +
        'on-failure destination would only copy them.',
    });
    return { fn, queue, deadLetterQueue };
  }

  /** The public one-click unsubscribe route (customer-facing reports only). */
  #route(table: Table, logLevel: LogLevelName): CustomerMail['route'] {
    const signingKey = new Secret(this, 'SigningKey', {
      secretName: `${Stack.of(this).stackName}/unsubscribe-signing-key`,
      description: 'HMAC-SHA256 key of the one-click unsubscribe links (generated; rotating it invalidates old links)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      // Links in emails already sent are signed with it: keep it as long as the unsubscribes.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(signingKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the link-signing key would break the unsubscribe link of every email already sent (RFC 8058 ' +
        'links must keep working); it is rotated by hand when compromised (docs/unsubscribe.md).',
    });
    const fn = new ReportFunction(this, 'Function', {
      handler: 'unsubscribe',
      description: 'One-click unsubscribe of customer-facing reports (public Function URL, HMAC-signed tokens)',
      memorySize: 256,
      timeout: Duration.seconds(10),
      environment: {
        UNSUBSCRIBE_TABLE: table.tableName,
        UNSUBSCRIBE_KEY_SECRET: signingKey.secretName,
        POWERTOOLS_SERVICE_NAME: 'unsubscribe',
        LOG_LEVEL: logLevel,
        POWERTOOLS_LOG_LEVEL: logLevel,
        POWERTOOLS_METRICS_DISABLED: 'true',
      },
    });
    fn.role.addToPolicy(new PolicyStatement({ actions: ['dynamodb:PutItem'], resources: [table.tableArn] }));
    signingKey.grantRead(fn.role);
    // NONE: mail clients (Gmail, Yahoo, Apple Mail) POST without AWS credentials; the token is the authority.
    const url = fn.fn.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
    new CfnOutput(this, 'UnsubscribeUrl', { value: url.url, description: 'Public one-click unsubscribe route' });
    return { fn, signingKey, url: url.url };
  }

  /** What the report functions' environment gets (settings/environment.ts). */
  environment(): Pick<LambdaEnvironmentInput, 'unsubscribe' | 'sesConfigurationSet' | 'suppressionTable'> {
    return {
      ...(this.configurationSet ? { sesConfigurationSet: this.configurationSet.configurationSetName } : {}),
      ...(this.table ? { suppressionTable: this.table.tableName } : {}),
      ...(this.route && this.table
        ? {
            unsubscribe: {
              url: this.route.url,
              table: this.table.tableName,
              keySecret: this.route.signingKey.secretName,
            },
          }
        : {}),
    };
  }

  /**
   * A report function: send with the configuration set; read the suppressed addresses it is about to mail
   * (BatchGetItem) and a segment's unsubscribes (Query); read the signing key.
   */
  grantReportFunction(grantee: IGrantable): void {
    if (this.configurationSet) {
      grantee.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['ses:SendEmail', 'ses:SendRawEmail'],
          resources: [
            Stack.of(this).formatArn({
              service: 'ses',
              resource: 'configuration-set',
              resourceName: this.configurationSet.configurationSetName,
            }),
          ],
        }),
      );
    }
    if (this.table) {
      grantee.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['dynamodb:BatchGetItem', ...(this.route ? ['dynamodb:Query'] : [])],
          resources: [this.table.tableArn],
        }),
      );
    }
    if (this.route) this.route.signingKey.grantRead(grantee);
  }
}

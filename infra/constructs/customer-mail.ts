/**
 * Mail that stops bouncing, and mail customers can stop (docs/unsubscribe.md).
 *
 * - An SES configuration set with suppression reasons BOUNCE + COMPLAINT: SES adds an address that hard-bounces or
 *   complains to the account-level suppression list and drops later messages to it, for every report (managed:
 *   no event handler, no table of ours). Every report message is sent with it (SES_CONFIGURATION_SET), which
 *   needs its own IAM grant on the configuration-set ARN besides the identity's (`grantSend`).
 * - Only when a report is customer-facing (`audience: "external"`, config/audience.ts): the one-click unsubscribe
 *   route. A function (functions/unsubscribe) behind a Function URL with NO AWS auth, because mail clients POST to
 *   it (RFC 8058); the HMAC-signed token in each link is its only authority, signed with a key Secrets Manager
 *   generates (never in the template); the unsubscribes in a DynamoDB table (list = report[#segment], address).
 *   The report functions may Query that table and read the key; the route may only PutItem. Re-adding an address
 *   is an operator's act (`npm run subscribers`, with their own credentials), never the public route's.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { ConfigurationSet, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { ReportConfig } from '../../functions/commons/config/schema.js';
import { UNSUBSCRIBE_KEYS } from '../../functions/commons/delivery/unsubscribe/table.js';
import type { LambdaEnvironmentInput } from '../../functions/commons/settings/environment.js';
import type { LogLevelName } from '../../functions/commons/settings/index.js';
import { ReportFunction } from './report-function.js';

export interface CustomerMailProps {
  readonly reports: readonly ReportConfig[];
  readonly logLevel?: LogLevelName;
}

export class CustomerMail extends Construct {
  /** Absent when no report sends email (chat-only). */
  readonly configurationSet: ConfigurationSet | undefined;
  /** Absent when no report is customer-facing. */
  readonly route: { fn: ReportFunction; table: Table; signingKey: Secret; url: string } | undefined;

  constructor(scope: Construct, id: string, props: CustomerMailProps) {
    super(scope, id);
    const sendsEmail = props.reports.some((r) => r.channels.some((c) => c.type === 'email'));
    this.configurationSet = sendsEmail
      ? new ConfigurationSet(this, 'ConfigurationSet', {
          suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
        })
      : undefined;
    if (this.configurationSet) {
      new CfnOutput(this, 'ConfigurationSetName', {
        value: this.configurationSet.configurationSetName,
        description: 'SES configuration set of every report message (bounce + complaint suppression)',
      });
    }

    if (!props.reports.some((r) => r.audience === 'external')) {
      this.route = undefined;
      return;
    }
    const table = new Table(this, 'Unsubscribes', {
      partitionKey: { name: UNSUBSCRIBE_KEYS.partition, type: AttributeType.STRING },
      sortKey: { name: UNSUBSCRIBE_KEYS.sort, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // An unsubscribe is a promise to a person: deleting the stack must not start mailing them again.
      removalPolicy: RemovalPolicy.RETAIN,
    });
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
    const logLevel = props.logLevel ?? 'INFO';
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
    new CfnOutput(this, 'UnsubscribeTableName', {
      value: table.tableName,
      description: 'npm run subscribers -- --table <this> (re-add an address)',
    });
    this.route = { fn, table, signingKey, url: url.url };
  }

  /** What the report functions' environment gets (settings/environment.ts). */
  environment(): Pick<LambdaEnvironmentInput, 'unsubscribe' | 'sesConfigurationSet'> {
    return {
      ...(this.configurationSet ? { sesConfigurationSet: this.configurationSet.configurationSetName } : {}),
      ...(this.route
        ? {
            unsubscribe: {
              url: this.route.url,
              table: this.route.table.tableName,
              keySecret: this.route.signingKey.secretName,
            },
          }
        : {}),
    };
  }

  /** A report function: send with the configuration set, read the unsubscribes and the signing key. */
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
    if (this.route) {
      grantee.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['dynamodb:Query'], resources: [this.route.table.tableArn] }),
      );
      this.route.signingKey.grantRead(grantee);
    }
  }
}

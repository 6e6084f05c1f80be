/**
 * The synthesized template (bundling skipped): runtime, schedules, Function URL, storage, secrets,
 * IAM, DynamoDB, Glue, alarms and cdk-nag. The stack is built once for the file.
 */
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../functions/commons/config/schema.js';
import { buildStack } from '../../infra/app.js';
import { MuxQoeReportsStack } from '../../infra/stack.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'reports.config.jsonc');

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
}

interface GlueTableInput {
  Name: string;
  PartitionKeys: { Name: string }[];
  Parameters: Record<string, unknown>;
  StorageDescriptor: { SerdeInfo: unknown; Columns: { Name: string; Type: string }[] };
}

let app: App;
let template: Template;
let resources: Resources;

function ofType(type: string): [string, Record<string, unknown>][] {
  return Object.entries(resources)
    .filter(([, r]) => r.Type === type)
    .map(([id, r]) => [id, r.Properties]);
}

beforeAll(() => {
  app = new App({
    context: {
      'aws:cdk:bundling-stacks': [],
      configPath: FIXTURE,
      alarmEmail: 'oncall@example.com',
      invokerArn: 'arn:aws:iam::111122223333:role/report-reader',
    },
  });
  const stack = buildStack(app);
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources as Resources;
});

describe('functions', () => {
  it('are Node 24 on arm64 with source maps, log retention and settings-only env vars', () => {
    const fns = ofType('AWS::Lambda::Function');
    // scheduled-report, on-demand, archive-exports (demo archives exports), mail-events (bounces, complaints)
    expect(fns).toHaveLength(4);
    for (const [, props] of fns) {
      expect(props.Runtime).toBe('nodejs24.x');
      expect(props.Architectures).toEqual(['arm64']);
      expect(props.Handler).toBe('index.handler');
      // Tracing is off on purpose (no tracer in the bundles; see report-function.ts).
      expect(props.TracingConfig).toBeUndefined();
      const env = (props.Environment as { Variables: Record<string, unknown> }).Variables;
      // mail-events loads no report configuration (test/infra/customer-mail.test.ts checks its few settings).
      if (env.POWERTOOLS_SERVICE_NAME === 'mail-events') continue;
      // Off by default (peak RSS and cold first request, see infra/stack.ts `sourceMapStackTraces`).
      expect(env.NODE_OPTIONS).toBeUndefined();
      expect(env.POWERTOOLS_METRICS_NAMESPACE).toBe('MuxQoeReports');
      expect(env.SNAPSHOT_BUCKET).toBeDefined();
      expect(env.IDEMPOTENCY_TABLE).toBeDefined();
      const config = configSchema.parse(JSON.parse(env.REPORTS_CONFIG as string));
      expect(config.reports.map((r) => r.id)).toEqual(['weekly-qoe', 'daily-qoe', 'monthly-qoe']);
      expect(props.LoggingConfig).toMatchObject({ LogGroup: { Ref: expect.any(String) } });
    }
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it('sizes scheduled-report 256 MB / 5 min and on-demand 256 MB / 60 s', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 256,
      Timeout: 300,
      Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'scheduled-report' } },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 256,
      Timeout: 60,
      Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'on-demand' } },
    });
  });

  it('configures async retries and an SQS on-failure destination for the scheduled functions', () => {
    const configs = ofType('AWS::Lambda::EventInvokeConfig');
    expect(configs).toHaveLength(2);
    for (const [, props] of configs) {
      expect(props.MaximumRetryAttempts).toBe(2);
      expect(props.MaximumEventAgeInSeconds).toBe(6 * 3600);
      expect(props.DestinationConfig).toMatchObject({
        OnFailure: { Destination: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } },
      });
    }
  });
});

describe('schedules', () => {
  it('creates one schedule per ENABLED report with its cron, time zone, input, retries and DLQ', () => {
    const schedules = ofType('AWS::Scheduler::Schedule').filter(([, p]) => String(p.Description).includes('report "'));
    // monthly-qoe has schedule.enabled = false.
    const byExpression = Object.fromEntries(
      schedules.map(([, p]) => [p.ScheduleExpression as string, p as Record<string, unknown>]),
    );
    expect(Object.keys(byExpression).sort()).toEqual(['cron(30 8 ? * MON *)', 'cron(5 7 * * ? *)']);
    expect(byExpression['cron(30 8 ? * MON *)']!.ScheduleExpressionTimezone).toBe('Europe/Paris');
    expect(byExpression['cron(5 7 * * ? *)']!.ScheduleExpressionTimezone).toBe('America/New_York');
    for (const [, p] of schedules) {
      // The fixture mails example.com/.org (reserved domains): its schedules are created DISABLED
      // (infra/sender-rules.ts; test/infra/sender.test.ts has the ENABLED case).
      expect(p.State).toBe('DISABLED');
      const target = p.Target as Record<string, unknown>;
      const input = JSON.parse(target.Input as string) as Record<string, string>;
      expect(input.scheduledTime).toBe('<aws.scheduler.scheduled-time>');
      expect(['weekly-qoe', 'daily-qoe']).toContain(input.reportId);
      expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 21600 });
      expect(target.DeadLetterConfig).toMatchObject({ Arn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } });
    }
  });

  it('archives raw exports daily for environments with archiveExports only', () => {
    const archive = ofType('AWS::Scheduler::Schedule').filter(([, p]) => String(p.Description).includes('raw exports'));
    expect(archive).toHaveLength(1);
    const target = archive[0]![1].Target as { Input: string };
    expect(JSON.parse(target.Input)).toEqual({ environment: 'demo', scheduledTime: '<aws.scheduler.scheduled-time>' });
  });

  it('sends dead letters to an encrypted, TLS-only queue', () => {
    for (const [, props] of ofType('AWS::SQS::Queue')) expect(props.SqsManagedSseEnabled).toBe(true);
    const sslDenies = ofType('AWS::SQS::QueuePolicy').filter(([, p]) =>
      JSON.stringify(p).includes('"aws:SecureTransport":"false"'),
    );
    expect(sslDenies).toHaveLength(ofType('AWS::SQS::Queue').length);
  });
});

describe('on-demand Function URL', () => {
  it('uses IAM auth, no CORS, is output, and grants the invoker both URL and function invoke', () => {
    const urls = ofType('AWS::Lambda::Url');
    expect(urls).toHaveLength(1);
    expect(urls[0]![1].AuthType).toBe('AWS_IAM');
    expect(urls[0]![1].Cors).toBeUndefined();
    expect(Object.keys(template.findOutputs('OnDemandUrl'))).toHaveLength(1);
    const perms = ofType('AWS::Lambda::Permission').filter(
      ([, p]) => p.Principal === 'arn:aws:iam::111122223333:role/report-reader',
    );
    expect(perms.map(([, p]) => p.Action).sort()).toEqual(['lambda:InvokeFunction', 'lambda:InvokeFunctionUrl']);
  });
});

describe('storage', () => {
  it('locks the reports bucket down: public access block, SSE, versioning, owner-enforced, lifecycle, access logs', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: { LogFilePrefix: 'reports-bucket/' },
    });
    const [, reports] = ofType('AWS::S3::Bucket').find(([, p]) => p.VersioningConfiguration)!;
    const rules = (reports.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
    expect(rules.find((r) => r.Id === 'expire-noncurrent')).toMatchObject({
      NoncurrentVersionExpiration: { NoncurrentDays: 90 },
    });
    expect(rules.find((r) => r.Id === 'exports-tiering')).toMatchObject({
      Prefix: 'exports/',
      Transitions: [
        { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
        { StorageClass: 'GLACIER_IR', TransitionInDays: 90 },
      ],
    });
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', Properties: { VersioningConfiguration: {} } });
  });

  it('denies non-TLS access in every bucket policy', () => {
    const policies = ofType('AWS::S3::BucketPolicy');
    expect(policies).toHaveLength(2);
    for (const [, p] of policies) {
      const statements = (p.PolicyDocument as { Statement: Statement[] }).Statement;
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('creates the idempotency table Powertools expects', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });
});

describe('secrets', () => {
  it('creates one empty secret per environment, named by secretNameFor', () => {
    const secrets = ofType('AWS::SecretsManager::Secret');
    expect(secrets.map(([, p]) => p.Name).sort()).toEqual(['custom/staging-mux', 'mux-qoe-reports/demo']);
    for (const [, p] of secrets) {
      expect(p.SecretString).toBeUndefined();
      expect(p.GenerateSecretString).toBeUndefined();
    }
  });

  it('puts no secret material anywhere in the template', () => {
    const text = JSON.stringify(template.toJSON());
    expect(text).not.toMatch(/SecretString/);
    expect(text).not.toMatch(/tokenSecret/);
    // No dynamic reference to a secret value either ({{resolve:secretsmanager:…}}).
    expect(text).not.toMatch(/resolve:secretsmanager/);
  });

  it('lets archive-exports read only the secrets of environments that archive exports', () => {
    const policy = Object.values(resources).find(
      (r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes('ArchiveExports'),
    )!;
    const secretRefs = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement.filter((s) =>
      [s.Action].flat().includes('secretsmanager:GetSecretValue'),
    ).map((s) => JSON.stringify(s.Resource));
    expect(secretRefs).toHaveLength(1);
    expect(secretRefs[0]).toContain('MuxSecretsSecretdemo');
  });
});

describe('IAM', () => {
  /** Actions AWS only authorizes on `*` (no resource-level permissions). */
  const STAR_ONLY_ACTIONS = new Set(['cloudwatch:PutMetricData']);

  it('uses Resource "*" for no action, and never wildcard actions', () => {
    const policies = ofType('AWS::IAM::Policy');
    expect(policies.length).toBeGreaterThanOrEqual(4);
    let starStatements = 0;
    for (const [id, p] of policies) {
      for (const statement of (p.PolicyDocument as { Statement: Statement[] }).Statement) {
        const actions = [statement.Action].flat();
        for (const action of actions) expect(action, `${id}: ${action}`).not.toMatch(/\*/);
        if ([statement.Resource].flat().includes('*')) {
          starStatements++;
          for (const action of actions) expect(STAR_ONLY_ACTIONS.has(action), `${id}: ${action} on *`).toBe(true);
        }
      }
    }
    expect(starStatements).toBe(0); // no tracing, and metrics go out as EMF log lines
  });

  it('scopes SES sending to the configured from addresses (on any identity: sandbox recipients)', () => {
    const sesStatements = ofType('AWS::IAM::Policy').flatMap(([, p]) =>
      (p.PolicyDocument as { Statement: Statement[] }).Statement.filter((s) =>
        [s.Action].flat().includes('ses:SendRawEmail'),
      ),
    );
    // The configuration set's own grant is tested in customer-mail.test.ts.
    const identityStatements = sesStatements.filter((s) => !JSON.stringify(s.Resource).includes(':configuration-set/'));
    expect(identityStatements).toHaveLength(2); // scheduled-report + on-demand
    for (const s of identityStatements) {
      expect(JSON.stringify(s.Resource)).toContain(':identity/*');
      expect(s.Condition).toEqual({
        StringEquals: { 'ses:FromAddress': ['qoe@mail.example.org', 'reports@example.com'] },
      });
    }
  });

  it('lists the bucket only under the function prefixes', () => {
    const listStatements = ofType('AWS::IAM::Policy').flatMap(([, p]) =>
      (p.PolicyDocument as { Statement: Statement[] }).Statement.filter((s) => s.Action === 's3:ListBucket'),
    );
    expect(listStatements).toHaveLength(3);
    for (const s of listStatements)
      expect(s.Condition).toMatchObject({ StringLike: { 's3:prefix': expect.any(Array) } });
  });
});

describe('Athena', () => {
  it('projects report/cadence/dt partitions from the snapshot key layout over JSON', () => {
    const tables = ofType('AWS::Glue::Table');
    expect(tables).toHaveLength(2); // snapshots + segment_snapshots (fan-out)
    const input = tables
      .map(([, t]) => (t as { TableInput: GlueTableInput }).TableInput)
      .find((t) => t.Name === 'snapshots')!;
    expect(input.Name).toBe('snapshots');
    expect(input.PartitionKeys.map((k) => k.Name)).toEqual(['report', 'cadence', 'dt']);
    expect(input.Parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.report.type': 'enum',
      'projection.report.values': 'weekly-qoe,daily-qoe,monthly-qoe',
      'projection.cadence.type': 'enum',
      'projection.cadence.values': 'daily,weekly,monthly,custom',
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy-MM-dd',
      'projection.dt.range': '2025-01-01,NOW',
    });
    expect(JSON.stringify(input.Parameters['storage.location.template'])).toContain(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Athena's placeholders, not JS ones
      '/snapshots/report=${report}/cadence=${cadence}/dt=${dt}/',
    );
    expect(input.StorageDescriptor.SerdeInfo).toEqual({
      SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
      Parameters: { 'mapping.report_info': 'report', 'case.insensitive': 'TRUE' },
    });
    const columns = Object.fromEntries(input.StorageDescriptor.Columns.map((c) => [c.Name, c.Type]));
    expect(columns.schemaversion).toBe('int');
    expect(columns.scores).toMatch(
      /^struct<status:string,reason:string,items:array<struct<metric:string,.*value:double/,
    );
    expect(columns.breakdowns).toContain('rows:array<struct<field:string');
    expect(columns.coverage).toMatch(/^struct<rounding:string,period:struct<requested:struct<startepoch:bigint,/);
    expect(columns.coverage).toContain(',partial:boolean>');
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: { EnforceWorkGroupConfiguration: true, BytesScannedCutoffPerQuery: 1024 ** 3 },
    });
  });
});

describe('alarms', () => {
  it('alarm on function errors, queued failures and Scheduler errors, all notifying the topic', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm');
    const metrics = alarms.map(([, p]) => `${p.Namespace}/${p.MetricName}`).sort();
    expect(metrics).toEqual([
      'AWS/Lambda/Errors',
      'AWS/Lambda/Errors',
      'AWS/Lambda/Errors',
      'AWS/Lambda/Errors',
      'AWS/SQS/ApproximateAgeOfOldestMessage',
      'AWS/SQS/ApproximateNumberOfMessagesVisible',
      'AWS/SQS/ApproximateNumberOfMessagesVisible',
      'AWS/SQS/ApproximateNumberOfMessagesVisible',
      'AWS/SQS/ApproximateNumberOfMessagesVisible',
      'AWS/Scheduler/InvocationDroppedCount',
      'AWS/Scheduler/TargetErrorCount',
    ]);
    const topics = ofType('AWS::SNS::Topic');
    expect(topics).toHaveLength(1);
    const topicId = topics[0]![0];
    for (const [, p] of alarms) {
      expect(p.AlarmActions).toEqual([{ Ref: topicId }]);
      // The age of the report queue's oldest message: 1 hour (infra/constructs/report-queue.ts MAX_MESSAGE_AGE).
      expect(p.Threshold).toBe(p.MetricName === 'ApproximateAgeOfOldestMessage' ? 3600 : 0);
      expect(p.ComparisonOperator).toBe('GreaterThanThreshold');
    }
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: [{ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] },
    });
  });
});

describe('report queue (issue 16)', () => {
  const queues = () => ofType('AWS::SQS::Queue');
  const fifo = () => queues().filter(([, p]) => p.FifoQueue === true);

  it('is a FIFO queue, content-deduplicated, SSE-SQS, TLS-only, with a FIFO dead-letter queue after 3 receives', () => {
    expect(fifo()).toHaveLength(2); // the queue and its dead-letter queue
    const [[, main]] = fifo().filter(([, p]) => p.RedrivePolicy !== undefined) as [[string, Record<string, unknown>]];
    const [[dlqId]] = fifo().filter(([, p]) => p.RedrivePolicy === undefined) as [[string, unknown]];
    expect(main.ContentBasedDeduplication).toBe(true);
    expect(main.SqsManagedSseEnabled).toBe(true);
    expect(main.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 3 });
    // 6 × the function's 300 s timeout (AWS's advice for SQS event sources).
    expect(main.VisibilityTimeout).toBe(1800);
    for (const [id] of fifo()) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: { Statement: [{ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] },
      });
    }
  });

  it('feeds scheduled-report through an event source mapping: batch size 1, partial batch responses', () => {
    const [[queueId]] = fifo().filter(([, p]) => p.RedrivePolicy !== undefined) as [[string, unknown]];
    // The report queue's, and the mail-events queue's (test/infra/customer-mail.test.ts).
    const mappings = ofType('AWS::Lambda::EventSourceMapping').filter(([, p]) =>
      JSON.stringify(p.EventSourceArn).includes(queueId),
    );
    expect(mappings).toHaveLength(1);
    expect(mappings[0]![1]).toMatchObject({
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
    });
    const fn = ofType('AWS::Lambda::Function').find(
      ([id]) => id === (mappings[0]![1].FunctionName as { Ref: string }).Ref,
    );
    const env = (fn![1].Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.REPORT_QUEUE_URL).toEqual({ Ref: queueId });
  });

  it('schedules reports into the queue, one message group per Mux environment', () => {
    const [[queueId]] = fifo().filter(([, p]) => p.RedrivePolicy !== undefined) as [[string, unknown]];
    const schedules = ofType('AWS::Scheduler::Schedule').filter(([, p]) => String(p.Description).includes('report "'));
    const groups = Object.fromEntries(
      schedules.map(([, p]) => {
        const target = p.Target as { Arn: unknown; Input: string; SqsParameters: { MessageGroupId: string } };
        expect(target.Arn).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
        return [JSON.parse(target.Input).reportId, target.SqsParameters.MessageGroupId];
      }),
    );
    // The fixture: weekly-qoe in demo, daily-qoe in staging (monthly-qoe is not scheduled).
    expect(groups).toEqual({ 'weekly-qoe': 'demo', 'daily-qoe': 'staging' });
  });

  it('projects the segment partition of fan-out snapshots in segment_snapshots', () => {
    const input = ofType('AWS::Glue::Table')
      .map(([, t]) => (t as { TableInput: GlueTableInput }).TableInput)
      .find((t) => t.Name === 'segment_snapshots')!;
    expect(input.PartitionKeys.map((k) => k.Name)).toEqual(['report', 'segment', 'cadence', 'dt']);
    expect(input.Parameters).toMatchObject({ 'projection.segment.type': 'injected', 'projection.dt.type': 'date' });
    expect(JSON.stringify(input.Parameters['storage.location.template'])).toContain(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Athena's placeholders, not JS ones
      '/snapshots/report=${report}/segment=${segment}/cadence=${cadence}/dt=${dt}/',
    );
  });
});

describe('cdk-nag', () => {
  it('has zero unacknowledged AwsSolutions or Serverless findings', () => {
    for (const pack of [new AwsSolutionsChecks(), new ServerlessChecks()]) {
      const report = pack.validateScope(app);
      expect(
        report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.resourceLogicalId)}`),
      ).toEqual([]);
      expect(report.success).toBe(true);
    }
  });
});

describe('guards', () => {
  it('refuses a configuration too large for the REPORTS_CONFIG variable', () => {
    const recipients = Array.from({ length: 150 }, (_, i) => `person-${i}@example.com`);
    const config = configSchema.parse({
      environments: [{ name: 'demo' }],
      reports: [{ id: 'big', title: 'Big', environment: 'demo', recipients, from: 'r@example.com' }],
    });
    const bigApp = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    expect(() => new MuxQoeReportsStack(bigApp, 'Big', { config })).toThrow(/over Lambda's 4096/);
  });

  it('creates an Easy DKIM domain identity when sesDomain is given', () => {
    const config = configSchema.parse({
      environments: [{ name: 'demo' }],
      reports: [{ id: 'r', title: 'R', environment: 'demo', recipients: ['a@example.com'], from: 'r@example.net' }],
    });
    const dkimApp = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new MuxQoeReportsStack(dkimApp, 'Dkim', { config, sesDomain: 'example.net' });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'example.net' });
    // No archive environment: scheduled-report, on-demand, mail-events.
    expect(Object.keys(t.findResources('AWS::Lambda::Function'))).toHaveLength(3);
    expect(Object.keys(t.findResources('AWS::Scheduler::Schedule'))).toHaveLength(1);
  });
});

// Channel secrets (issue 17): built in this file so the synth reuses its warm CDK (~0.3 s instead of ~3 s).
const channelReport = (id: string, channels: unknown[]) => ({
  id,
  title: id,
  environment: 'demo',
  recipients: ['ops@example.com'],
  from: 'reports@example.com',
  channels,
});

describe('channel secrets', () => {
  it('creates each named secret once, empty, and grants it to scheduled-report and on-demand', () => {
    const config = configSchema.parse({
      environments: [{ name: 'demo' }],
      reports: [
        channelReport('a', [{ type: 'email' }, { type: 'slack', webhookSecret: 'chat/video' }]),
        channelReport('b', [
          { type: 'slack', webhookSecret: 'chat/video' },
          { type: 'webhook', urlSecret: 'hooks/url', signingSecret: 'hooks/key' },
        ]),
      ],
    });
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new MuxQoeReportsStack(app, 'ChannelSecretsTest', { config, sesIdentity: 'example.com' });
    const json = Template.fromStack(stack).toJSON() as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string }>;
    };
    const secrets = Object.entries(json.Resources).filter(([, r]) => r.Type === 'AWS::SecretsManager::Secret');
    const channel = secrets.filter(([id]) => id.startsWith('ChannelSecrets'));
    expect(channel.map(([, r]) => r.Properties.Name).sort()).toEqual(['chat/video', 'hooks/key', 'hooks/url']);
    for (const [, r] of channel) {
      expect(r.Properties.SecretString).toBeUndefined();
      expect(r.Properties.GenerateSecretString).toBeUndefined();
      expect(r.DeletionPolicy).toBe('Retain');
    }
    const grantedTo = (logicalId: string) =>
      Object.values(json.Resources)
        .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties).includes(logicalId))
        .map((r) => JSON.stringify(r.Properties.Roles));
    for (const [logicalId] of channel) {
      const roles = grantedTo(logicalId).join(' ');
      expect(roles).toMatch(/ScheduledReport/);
      expect(roles).toMatch(/OnDemand/);
      expect(roles).not.toMatch(/ArchiveExports/);
    }
  });

  it('a chat-only configuration (no email channel, no recipients, no from) grants no SES sending at all', () => {
    const {
      recipients: _r,
      from: _f,
      ...chatOnly
    } = channelReport('c', [{ type: 'slack', webhookSecret: 'chat/video' }]);
    const config = configSchema.parse({ environments: [{ name: 'demo' }], reports: [chatOnly] });
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const json = JSON.stringify(Template.fromStack(new MuxQoeReportsStack(app, 'ChatOnly', { config })).toJSON());
    expect(json).not.toContain('ses:Send');
    expect(json).toContain('chat/video');
  });
});

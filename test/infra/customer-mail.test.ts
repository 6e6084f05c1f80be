/**
 * Bounce/complaint suppression and the one-click unsubscribe route in the stack (infra/constructs/customer-mail.ts):
 * what AWS does for us (the SES configuration set's suppression options and event publishing, the EventBridge rule,
 * the queue) is configuration, so it is tested here; what we do ourselves (the route, the table, the mail-events
 * function, the send path) is tested end to end in test/delivery/unsubscribe.test.ts and mail-events.test.ts.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../functions/commons/config/schema.js';
import { MuxQoeReportsStack } from '../../infra/stack.js';

type Resources = Record<
  string,
  { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string }
>;
interface Statement {
  Action: string | string[];
  Resource: unknown;
}

const report = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  title: id,
  environment: 'demo',
  recipients: ['am@platform.example'],
  from: 'qoe@platform.example',
  ...extra,
});

function synth(reports: unknown[]): { app: App; resources: Resources } {
  const config = configSchema.parse({ environments: [{ name: 'demo' }], reports });
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new MuxQoeReportsStack(app, 'CustomerMailTest', { config });
  return { app, resources: Template.fromStack(stack).toJSON().Resources as Resources };
}

const ofType = (resources: Resources, type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

function functionOf(resources: Resources, service: string): [string, Record<string, unknown>] {
  const found = ofType(resources, 'AWS::Lambda::Function').find(
    ([, r]) =>
      (r.Properties.Environment as { Variables: Record<string, unknown> }).Variables.POWERTOOLS_SERVICE_NAME ===
      service,
  );
  if (!found) throw new Error(`no ${service} function`);
  return [found[0], found[1].Properties];
}

/** Every statement of the policies attached to the role of `service`'s function. */
function statementsOf(resources: Resources, service: string): Statement[] {
  const role = JSON.stringify((functionOf(resources, service)[1].Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]);
  return ofType(resources, 'AWS::IAM::Policy')
    .filter(([, r]) => JSON.stringify(r.Properties.Roles).includes(role))
    .flatMap(([, r]) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat());

describe('a stack with a customer-facing report', () => {
  let app: App;
  let resources: Resources;
  beforeAll(() => {
    ({ app, resources } = synth([
      report('team'),
      report('per-customer', {
        audience: 'external',
        fanOut: { dimension: 'sub_property_id', values: ['acme'], recipients: { acme: ['ops@acme.example'] } },
      }),
    ]));
  });

  it('sends through a configuration set that suppresses hard bounces and complaints (account-level list)', () => {
    const sets = ofType(resources, 'AWS::SES::ConfigurationSet');
    expect(sets).toHaveLength(1);
    expect(sets[0]![1].Properties.SuppressionOptions).toEqual({ SuppressedReasons: ['BOUNCE', 'COMPLAINT'] });
    for (const service of ['scheduled-report', 'on-demand']) {
      const env = (functionOf(resources, service)[1].Environment as { Variables: Record<string, unknown> }).Variables;
      expect(env.SES_CONFIGURATION_SET).toEqual({ Ref: sets[0]![0] });
      // The configuration set needs its own grant, besides the identity's.
      const onSet = statementsOf(resources, service).filter((s) =>
        JSON.stringify(s.Resource).includes(':configuration-set/'),
      );
      expect(onSet).toHaveLength(1);
      expect([onSet[0]!.Action].flat().sort()).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
      expect(JSON.stringify(onSet[0]!.Resource)).toContain(sets[0]![0]);
    }
  });

  it('serves the unsubscribe route on a public Function URL (no AWS auth); on-demand stays IAM', () => {
    const urls = ofType(resources, 'AWS::Lambda::Url').map(([, r]) => r.Properties);
    const [unsubscribeId] = functionOf(resources, 'unsubscribe');
    const [onDemandId] = functionOf(resources, 'on-demand');
    const authOf = (fnId: string) => urls.find((u) => JSON.stringify(u.TargetFunctionArn).includes(fnId))?.AuthType;
    expect(authOf(unsubscribeId)).toBe('NONE');
    expect(authOf(onDemandId)).toBe('AWS_IAM');
    // Anyone may call it: both permissions a URL caller needs since late 2025, scoped to calls through the URL.
    const permissions = ofType(resources, 'AWS::Lambda::Permission')
      .map(([, r]) => r.Properties)
      .filter((p) => JSON.stringify(p.FunctionName).includes(unsubscribeId) && p.Principal === '*');
    expect(permissions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Action: 'lambda:InvokeFunctionUrl', FunctionUrlAuthType: 'NONE' }),
        expect.objectContaining({ Action: 'lambda:InvokeFunction', InvokedViaFunctionUrl: true }),
      ]),
    );
    expect(permissions).toHaveLength(2);
    const env = (functionOf(resources, 'scheduled-report')[1].Environment as { Variables: Record<string, unknown> })
      .Variables;
    expect(JSON.stringify(env.UNSUBSCRIBE_URL)).toContain('FunctionUrl');
    expect(env.UNSUBSCRIBE_TABLE).toBeDefined();
    expect(env.UNSUBSCRIBE_KEY_SECRET).toBeDefined();
  });

  it('keeps unsubscribes in a retained (report[#segment], address) table; the route may only add to it', () => {
    const tables = ofType(resources, 'AWS::DynamoDB::Table').filter(([id]) => id.includes('Unsubscribes'));
    expect(tables).toHaveLength(1);
    const [, table] = tables[0]!;
    expect(table.Properties.KeySchema).toEqual([
      { AttributeName: 'list', KeyType: 'HASH' },
      { AttributeName: 'address', KeyType: 'RANGE' },
    ]);
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    const route = actionsOf(statementsOf(resources, 'unsubscribe'));
    expect(route.filter((a) => a.startsWith('dynamodb:'))).toEqual(['dynamodb:PutItem']);
    expect(route.some((a) => a.startsWith('ses:') || a.startsWith('s3:'))).toBe(false);
    for (const service of ['scheduled-report', 'on-demand']) {
      expect(actionsOf(statementsOf(resources, service))).toContain('dynamodb:Query');
    }
  });

  it('signs links with a key Secrets Manager generates (never in the template), retained', () => {
    const key = ofType(resources, 'AWS::SecretsManager::Secret').filter(([id]) => id.includes('SigningKey'));
    expect(key).toHaveLength(1);
    expect(key[0]![1].Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true });
    expect(key[0]![1].Properties.SecretString).toBeUndefined();
    expect(key[0]![1].DeletionPolicy).toBe('Retain');
    expect(actionsOf(statementsOf(resources, 'unsubscribe'))).toContain('secretsmanager:GetSecretValue');
  });

  it('publishes bounces and complaints to EventBridge; a rule for our set feeds a queue the mail-events function reads', () => {
    const [[setId]] = ofType(resources, 'AWS::SES::ConfigurationSet') as [[string, unknown]];
    const destinations = ofType(resources, 'AWS::SES::ConfigurationSetEventDestination').map(([, r]) => r.Properties);
    expect(destinations).toHaveLength(1);
    const destination = destinations[0]!.EventDestination as Record<string, unknown>;
    expect(destinations[0]!.ConfigurationSetName).toEqual({ Ref: setId });
    expect([...(destination.MatchingEventTypes as string[])].sort()).toEqual(['bounce', 'complaint']);
    expect(destination.Enabled).toBe(true);
    // SES can publish to the default bus only.
    expect(JSON.stringify(destination.EventBridgeDestination)).toContain(':event-bus/default');

    const rules = ofType(resources, 'AWS::Events::Rule').map(([, r]) => r.Properties);
    expect(rules).toHaveLength(1);
    expect(rules[0]!.EventPattern).toEqual({
      source: ['aws.ses'],
      'detail-type': ['Email Bounced', 'Email Complaint Received'],
      detail: { mail: { tags: { 'ses:configuration-set': [{ Ref: setId }] } } },
    });
    const [target] = rules[0]!.Targets as { Arn: unknown; DeadLetterConfig?: { Arn: unknown } }[];
    const queueId = (target!.Arn as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]!;
    const queue = resources[queueId]!;
    expect(queue.Type).toBe('AWS::SQS::Queue');
    expect(queue.Properties.RedrivePolicy).toMatchObject({ maxReceiveCount: 5 });
    // What EventBridge cannot deliver goes to the same dead-letter queue as what the function cannot record.
    expect(JSON.stringify(target!.DeadLetterConfig)).toBe(
      JSON.stringify({ Arn: (queue.Properties.RedrivePolicy as { deadLetterTargetArn: unknown }).deadLetterTargetArn }),
    );

    const [fnId, fn] = functionOf(resources, 'mail-events');
    const mapping = ofType(resources, 'AWS::Lambda::EventSourceMapping')
      .map(([, r]) => r.Properties)
      .find((p) => JSON.stringify(p.FunctionName).includes(fnId));
    expect(mapping).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const env = (fn.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.SES_CONFIGURATION_SET).toEqual({ Ref: setId });
    expect(env.SUPPRESSION_TABLE).toBeDefined();
    // It may add suppressions and nothing else: no SES, no S3, no secrets, no reads.
    const actions = actionsOf(statementsOf(resources, 'mail-events'));
    expect(actions.filter((a) => a.startsWith('dynamodb:'))).toEqual(['dynamodb:PutItem']);
    expect(actions.some((a) => /^(ses|s3|secretsmanager):/.test(a))).toBe(false);
    // The report functions read the suppressed addresses they are about to mail.
    for (const service of ['scheduled-report', 'on-demand']) {
      expect(actionsOf(statementsOf(resources, service))).toContain('dynamodb:BatchGetItem');
      const vars = (functionOf(resources, service)[1].Environment as { Variables: Record<string, unknown> }).Variables;
      expect(vars.SUPPRESSION_TABLE).toEqual(env.SUPPRESSION_TABLE);
    }
  });

  it('passes cdk-nag (AwsSolutions and Serverless)', () => {
    for (const pack of [new AwsSolutionsChecks(), new ServerlessChecks()]) {
      const result = pack.validateScope(app);
      expect(
        result.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.resourceLogicalId)}`),
      ).toEqual([]);
    }
  });
});

describe('a stack with team reports only', () => {
  it('has the suppression configuration set and the bounce/complaint path, and no public route', () => {
    const { resources } = synth([report('team')]);
    expect(ofType(resources, 'AWS::SES::ConfigurationSet')).toHaveLength(1);
    expect(ofType(resources, 'AWS::SES::ConfigurationSetEventDestination')).toHaveLength(1);
    expect(functionOf(resources, 'mail-events')).toBeDefined();
    expect(ofType(resources, 'AWS::Lambda::Url').map(([, r]) => r.Properties.AuthType)).toEqual(['AWS_IAM']);
    expect(JSON.stringify(resources)).not.toContain('UNSUBSCRIBE_');
    // No unsubscribes to Query, only the suppressed addresses to read.
    const actions = actionsOf(statementsOf(resources, 'scheduled-report'));
    expect(actions).toContain('dynamodb:BatchGetItem');
    expect(actions).not.toContain('dynamodb:Query');
  });
});

describe('a stack that sends no email', () => {
  it('has no configuration set, table or mail-events function', () => {
    const { resources } = synth([
      report('chat', { recipients: [], from: undefined, channels: [{ type: 'slack', webhookSecret: 'slack/qoe' }] }),
    ]);
    expect(ofType(resources, 'AWS::SES::ConfigurationSet')).toHaveLength(0);
    expect(ofType(resources, 'AWS::DynamoDB::Table').filter(([id]) => id.includes('Unsubscribes'))).toHaveLength(0);
    expect(() => functionOf(resources, 'mail-events')).toThrow();
  });
});

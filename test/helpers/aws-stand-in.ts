/**
 * A local stand-in, on 127.0.0.1, for the AWS APIs that no emulator on npm serves and the doctor and smoke
 * commands call: STS GetCallerIdentity and CloudFormation DescribeStacks / DescribeStackResources (query protocol,
 * XML), SES v2 GetAccount / ListEmailIdentities and Lambda GetFunctionConfiguration (REST-JSON).
 *
 * Its answers are AWS's documented example responses (the API references' "Example" sections: account
 * 123456789012, user Alice, the DescribeStacks sample), with only the values a test varies (identities, the
 * sandbox quota, stack outputs, function variables) taken from its state. The real SDK v3 clients talk to it
 * through their endpoint settings, so request signing, the protocols and the SDK's parsing are the real ones;
 * what AWS would decide (authorization, verification) is the state the test sets.
 */
import http from 'node:http';
import { closeServer, listen, readBody } from '../../support/http-server.js';

export interface StandInIdentity {
  name: string;
  type?: 'DOMAIN' | 'EMAIL_ADDRESS';
  status?: 'SUCCESS' | 'PENDING' | 'FAILED';
}

export interface StandInStack {
  status?: string;
  outputs?: Record<string, string>;
  /** Logical id → Lambda function name. */
  functions?: Record<string, string>;
}

export interface StandInState {
  /** false: every call is refused as with expired credentials. */
  credentials: boolean;
  production: boolean;
  max24HourSend: number;
  identities: StandInIdentity[];
  stacks: Record<string, StandInStack>;
  /** Function name → environment variables. */
  functions: Record<string, Record<string, string>>;
}

/** A new account: valid credentials, SES sandbox with its 200-a-day quota, nothing deployed or verified. */
export const freshStandInState = (): StandInState => ({
  credentials: true,
  production: false,
  max24HourSend: 200,
  identities: [],
  stacks: {},
  functions: {},
});

export interface AwsStandIn {
  url: string;
  state: StandInState;
  /** Operations received, in order (`sts:GetCallerIdentity`, `sesv2:GET /v2/email/account`, …). */
  operations: string[];
  /** AWS_ENDPOINT_URL_* for every service it stands in for, plus dummy credentials and a region. */
  env: Record<string, string>;
  close(): Promise<void>;
}

const ACCOUNT = '123456789012';
const REQUEST_ID = '01234567-89ab-cdef-0123-456789abcdef';

const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function stsCallerIdentity(): string {
  return `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::${ACCOUNT}:user/Alice</Arn>
    <UserId>AIDACKCEVSQ6C2EXAMPLE</UserId>
    <Account>${ACCOUNT}</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>${REQUEST_ID}</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`;
}

function queryError(ns: string, code: string, message: string): string {
  return `<ErrorResponse xmlns="${ns}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${REQUEST_ID}</RequestId></ErrorResponse>`;
}

const CFN_NS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
const stackId = (name: string) =>
  `arn:aws:cloudformation:eu-west-1:${ACCOUNT}:stack/${name}/aaf549a0-a413-11df-adb3-5081b3858e83`;

function describeStacks(name: string, stack: StandInStack): string {
  const outputs = Object.entries(stack.outputs ?? {})
    .map(
      ([k, v]) => `<member><OutputKey>${xmlEscape(k)}</OutputKey><OutputValue>${xmlEscape(v)}</OutputValue></member>`,
    )
    .join('');
  return `<DescribeStacksResponse xmlns="${CFN_NS}">
  <DescribeStacksResult>
    <Stacks>
      <member>
        <StackName>${xmlEscape(name)}</StackName>
        <StackId>${stackId(name)}</StackId>
        <CreationTime>2010-07-27T22:28:28Z</CreationTime>
        <StackStatus>${stack.status ?? 'CREATE_COMPLETE'}</StackStatus>
        <DisableRollback>false</DisableRollback>
        <Outputs>${outputs}</Outputs>
      </member>
    </Stacks>
  </DescribeStacksResult>
  <ResponseMetadata><RequestId>${REQUEST_ID}</RequestId></ResponseMetadata>
</DescribeStacksResponse>`;
}

function describeStackResources(name: string, stack: StandInStack): string {
  const members = Object.entries(stack.functions ?? {})
    .map(
      ([logical, physical]) => `<member>
        <StackId>${stackId(name)}</StackId><StackName>${xmlEscape(name)}</StackName>
        <LogicalResourceId>${xmlEscape(logical)}</LogicalResourceId><PhysicalResourceId>${xmlEscape(physical)}</PhysicalResourceId>
        <ResourceType>AWS::Lambda::Function</ResourceType><Timestamp>2010-07-27T22:27:28Z</Timestamp>
        <ResourceStatus>CREATE_COMPLETE</ResourceStatus></member>`,
    )
    .join('');
  return `<DescribeStackResourcesResponse xmlns="${CFN_NS}">
  <DescribeStackResourcesResult><StackResources>${members}</StackResources></DescribeStackResourcesResult>
  <ResponseMetadata><RequestId>${REQUEST_ID}</RequestId></ResponseMetadata>
</DescribeStackResourcesResponse>`;
}

export async function startAwsStandIn(initial: Partial<StandInState> = {}): Promise<AwsStandIn> {
  const state: StandInState = { ...freshStandInState(), ...initial };
  const operations: string[] = [];

  const server = http.createServer(async (req, res) => {
    const body = (await readBody(req)).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const xml = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': REQUEST_ID });
      res.end(text);
    };
    const json = (status: number, payload: unknown, errorType?: string) => {
      res.writeHead(status, {
        'content-type': 'application/json',
        'x-amzn-requestid': REQUEST_ID,
        ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
      });
      res.end(JSON.stringify(payload));
    };

    if (req.method === 'POST' && url.pathname === '/') {
      const form = new URLSearchParams(body);
      const action = form.get('Action') ?? '';
      if (action === 'GetCallerIdentity') {
        operations.push('sts:GetCallerIdentity');
        if (!state.credentials) {
          xml(
            403,
            queryError(
              'https://sts.amazonaws.com/doc/2011-06-15/',
              'ExpiredToken',
              'The security token included in the request is expired',
            ),
          );
          return;
        }
        xml(200, stsCallerIdentity());
        return;
      }
      if (action === 'DescribeStacks' || action === 'DescribeStackResources') {
        operations.push(`cloudformation:${action}`);
        const name = form.get('StackName') ?? '';
        const stack = state.stacks[name];
        if (!stack) {
          xml(400, queryError(CFN_NS, 'ValidationError', `Stack with id ${name} does not exist`));
          return;
        }
        xml(200, action === 'DescribeStacks' ? describeStacks(name, stack) : describeStackResources(name, stack));
        return;
      }
      xml(400, queryError(CFN_NS, 'InvalidAction', `not stood in for: ${action}`));
      return;
    }

    operations.push(`${url.pathname.startsWith('/v2/') ? 'sesv2' : 'lambda'}:${req.method} ${url.pathname}`);
    if (req.method === 'GET' && url.pathname === '/v2/email/account') {
      json(200, {
        DedicatedIpAutoWarmupEnabled: false,
        EnforcementStatus: 'HEALTHY',
        ProductionAccessEnabled: state.production,
        SendQuota: { Max24HourSend: state.max24HourSend, MaxSendRate: state.production ? 14 : 1, SentLast24Hours: 0 },
        SendingEnabled: true,
        SuppressionAttributes: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
      });
      return;
    }
    // ListEmailIdentities: `GET /v2/email/identities` in the API reference; SDK v3 3.11xx sends it as
    // `POST /v2/email/list-identities`.
    if (url.pathname === '/v2/email/identities' || url.pathname === '/v2/email/list-identities') {
      json(200, {
        EmailIdentities: state.identities.map((i) => ({
          IdentityType: i.type ?? (i.name.includes('@') ? 'EMAIL_ADDRESS' : 'DOMAIN'),
          IdentityName: i.name,
          SendingEnabled: (i.status ?? 'SUCCESS') === 'SUCCESS',
          VerificationStatus: i.status ?? 'SUCCESS',
        })),
      });
      return;
    }
    const fn = /^\/2015-03-31\/functions\/([^/]+)\/configuration$/.exec(url.pathname);
    if (req.method === 'GET' && fn) {
      const name = decodeURIComponent(fn[1]!);
      const variables = state.functions[name];
      if (!variables) {
        json(
          404,
          { Type: 'User', message: `Function not found: arn:aws:lambda:eu-west-1:${ACCOUNT}:function:${name}` },
          'ResourceNotFoundException',
        );
        return;
      }
      json(200, {
        FunctionName: name,
        FunctionArn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:${name}`,
        Runtime: 'nodejs24.x',
        Role: `arn:aws:iam::${ACCOUNT}:role/lambda-role`,
        Handler: 'index.handler',
        CodeSize: 5797206,
        Timeout: 300,
        MemorySize: 256,
        LastModified: '2026-11-30T10:00:00.000+0000',
        Version: '$LATEST',
        Environment: { Variables: variables },
        Architectures: ['arm64'],
        State: 'Active',
      });
      return;
    }
    json(404, { message: `not stood in for: ${req.method} ${url.pathname}` }, 'UnknownOperationException');
  });

  const url = await listen(server);
  return {
    url,
    state,
    operations,
    env: {
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL_STS: url,
      AWS_ENDPOINT_URL_SESV2: url,
      AWS_ENDPOINT_URL_CLOUDFORMATION: url,
      AWS_ENDPOINT_URL_LAMBDA: url,
    },
    close: () => closeServer(server),
  };
}

/**
 * `npm run smoke` against a local Function URL look-alike that checks each request's SigV4 signature with an
 * independent implementation (the `aws4` package, not the SDK signer that made it) before answering like the
 * on-demand API, or like a Function URL whose caller lacks a permission (403 AccessDeniedException). The stack
 * outputs come from the CloudFormation stand-in (test/helpers/aws-stand-in.ts, AWS's documented example
 * responses) through the real SDK client.
 */
import http from 'node:http';
import aws4 from 'aws4';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runSmoke } from '../../cli/smoke/run.js';
import { closeServer, listen } from '../../support/http-server.js';
import { type AwsStandIn, startAwsStandIn } from '../helpers/aws-stand-in.js';

const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

interface FunctionUrl {
  url: string;
  /** false: the caller lacks lambda:InvokeFunction / InvokeFunctionUrl. */
  granted: boolean;
  /** Requests whose signature aws4 reproduced. */
  verified: string[];
  close(): Promise<void>;
}

/** Recomputes the signature with aws4 over exactly the headers the request says it signed. */
function signatureMatches(req: http.IncomingMessage): boolean {
  const auth = req.headers.authorization ?? '';
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!m) return false;
  const [, accessKeyId, region, service, signedHeaders] = m as unknown as [string, string, string, string, string];
  const headers: Record<string, string> = {};
  for (const name of signedHeaders.split(';')) headers[name] = String(req.headers[name] ?? '');
  const check = aws4.sign(
    { host: headers.host, method: req.method, path: req.url, service, region, headers, doNotModifyHeaders: false },
    { accessKeyId, secretAccessKey: SECRET_KEY },
  );
  return (check.headers?.Authorization ?? check.headers?.authorization) === auth && service === 'lambda';
}

async function startFunctionUrl(): Promise<FunctionUrl> {
  const state = { granted: true, verified: [] as string[] };
  const server = http.createServer((req, res) => {
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (!signatureMatches(req)) {
      json(
        403,
        { message: 'The request signature we calculated does not match the signature you provided.' },
        {
          'x-amzn-errortype': 'InvalidSignatureException',
        },
      );
      return;
    }
    state.verified.push(`${req.method} ${req.url}`);
    if (!state.granted) {
      json(
        403,
        {
          Message:
            'Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html',
        },
        { 'x-amzn-errortype': 'AccessDeniedException' },
      );
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/reports') {
      json(200, {
        reports: [
          { id: 'weekly-qoe', title: 'Weekly video QoE' },
          { id: 'daily-web', title: 'Daily' },
        ],
      });
      return;
    }
    if (url.pathname === '/reports/weekly-qoe' && url.searchParams.get('format') === 'json') {
      json(
        200,
        {
          report: { id: 'weekly-qoe', title: 'Weekly video QoE' },
          period: { key: '2026-W49', label: 'Nov 30 – Dec 7, 2026' },
        },
        { 'x-report-period': '2026-W49' },
      );
      return;
    }
    json(404, { error: { type: 'not_found' } }, { 'x-request-id': 'req-123' });
  });
  const url = await listen(server);
  return {
    url: `${url}/`,
    get granted() {
      return state.granted;
    },
    set granted(v: boolean) {
      state.granted = v;
    },
    verified: state.verified,
    close: () => closeServer(server),
  };
}

let aws: AwsStandIn;
let fn: FunctionUrl;

async function smoke(argv: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await runSmoke(argv, {
    env: { ...aws.env, ...env },
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
  });
  expect(`${out}${err}`).not.toMatch(/\n\s+at .+[:(]\d+/); // never a stack trace
  expect(`${out}${err}`).not.toContain(SECRET_KEY);
  return { code, out, err };
}

beforeAll(async () => {
  aws = await startAwsStandIn();
  fn = await startFunctionUrl();
});

afterAll(async () => {
  await Promise.all([aws.close(), fn.close()]);
});

beforeEach(() => {
  fn.granted = true;
  fn.verified.length = 0;
  aws.state.stacks = {
    MuxQoeReportsStack: { status: 'CREATE_COMPLETE', outputs: { OnDemandUrl: fn.url, BucketName: 'b' } },
  };
});

describe('npm run smoke', () => {
  it('reads OnDemandUrl, lists the reports and previews the first as JSON, each call signed (verified by aws4)', async () => {
    const { code, out, err } = await smoke([]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(fn.verified).toEqual(['GET /reports', 'GET /reports/weekly-qoe?format=json']);
    expect(out).toContain('200, 2 report(s): weekly-qoe, daily-web');
    expect(out).toContain('200, snapshot of "Weekly video QoE" for Nov 30 – Dec 7, 2026');
    expect(out).toMatch(/smoke: ok: 2 signed calls answered 200/);
  });

  it('passes --period and --report on to the preview', async () => {
    const { code, err } = await smoke(['--report', 'daily-web', '--period', 'yesterday']);
    expect(code).toBe(1);
    expect(fn.verified).toEqual(['GET /reports', 'GET /reports/daily-web?format=json&period=yesterday']);
    expect(err).toMatch(/HTTP 404 \(x-request-id req-123/);
  });

  it('explains a 403: both lambda:InvokeFunctionUrl and lambda:InvokeFunction, and how to grant them', async () => {
    fn.granted = false;
    const { code, err } = await smoke([]);
    expect(code).toBe(1);
    expect(err).toMatch(/^smoke: FAILED: GET \/reports: 403 Forbidden \(AccessDeniedException\): Forbidden\./);
    expect(err).toContain('needs BOTH lambda:InvokeFunctionUrl');
    expect(err).toContain(
      'and lambda:InvokeFunction on the on-demand function: Function URLs created since October 2025',
    );
    expect(err).toContain('-c invokerArn=');
  });

  it('a signature made with the wrong secret key is refused by the verifier (403) and explained the same way', async () => {
    const { code, err } = await smoke([], { AWS_SECRET_ACCESS_KEY: 'not-the-key' });
    expect(code).toBe(1);
    expect(fn.verified).toEqual([]);
    expect(err).toContain('403 Forbidden (InvalidSignatureException)');
    expect(err).toContain('a wrong secret key');
  });

  it('says to deploy first when the stack does not exist', async () => {
    aws.state.stacks = {};
    const { code, err } = await smoke([]);
    expect(code).toBe(1);
    expect(err).toMatch(
      /^smoke: FAILED: MuxQoeReportsStack is not deployed in this account\/region: run npx cdk deploy first/,
    );
  });

  it('--help prints usage and calls nothing; a bad flag is one line and exit 2', async () => {
    aws.operations.length = 0;
    const help = await smoke(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: npm run smoke/);
    expect(aws.operations).toEqual([]);
    const bad = await smoke(['--stack', 'X']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^smoke: unknown option --stack.*\(see --help\)\n$/);
  });
});

/**
 * `npm run smoke`: after `cdk deploy`, proves the deployed API answers. Reads the stack's outputs (CloudFormation
 * DescribeStacks), calls the Function URL signed with SigV4 as the caller's credentials: lists the reports, then
 * previews one as JSON (Mux calls, nothing archived or sent). Progress per call, a summary, exit 1 on failure,
 * 2 on bad usage; a 403 is explained (IAM, not the app).
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import * as z from 'zod';
import { parseFlags, UsageError } from '../args.js';
import { awsErrorLine, clientConfig, regionOf } from '../aws/client-config.js';
import { type AwsCredentials, regionOfFunctionUrl, type SignedResponse, signedGet } from '../aws/sigv4.js';
import { DEFAULT_STACK_NAME, describeStack } from '../aws/stack.js';
import { reportFailure } from '../exit.js';
import type { ProgressStream } from '../progress.js';

export const SMOKE_HELP = `Usage: npm run smoke -- [options]

After npx cdk deploy: reads the stack outputs, then calls the on-demand Function URL signed with SigV4 (service
"lambda") as your AWS credentials:
  1. GET /reports                       lists the configured reports
  2. GET /reports/<id>?format=json      previews one report as JSON (calls Mux; nothing is archived or sent)

Options:
      --stack-name <name>  default ${DEFAULT_STACK_NAME}
  -r, --report <id>        the report to preview (default: the first one listed)
  -p, --period <spec>      its period (default: the last full period), e.g. last-week, 2026-W46
      --region <region>    default: the Function URL's region, then AWS_REGION / your profile's
  -h, --help               show this help

A 403 means IAM refused the call before the function ran: the caller needs BOTH lambda:InvokeFunctionUrl and
lambda:InvokeFunction on the on-demand function (Function URLs created since October 2025 check both). Deploy with
-c invokerArn=<your role or user ARN> to grant them (docs/deploy.md).

Exit codes: 0 both calls answered 200, 1 a call failed, 2 bad usage.
`;

const FLAGS = {
  'stack-name': { type: 'string' },
  report: { type: 'string', short: 'r' },
  period: { type: 'string', short: 'p' },
  region: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface SmokeIo {
  env: NodeJS.ProcessEnv;
  stdout: ProgressStream;
  stderr: ProgressStream;
}

interface SmokeOptions {
  stackName: string;
  reportId: string | undefined;
  period: string | undefined;
  region: string | undefined;
}

function parseSmokeArgs(argv: readonly string[]): SmokeOptions | 'help' {
  const { values, positionals } = parseFlags(argv, FLAGS);
  if (values.help) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected arguments: ${positionals.join(' ')}`);
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string' && value.trim() === '') throw new UsageError(`--${name} must not be empty`);
  }
  return {
    stackName: values['stack-name'] ?? DEFAULT_STACK_NAME,
    reportId: values.report,
    period: values.period,
    region: values.region,
  };
}

/** Why a call answered 403: IAM, before the function ran. */
export function explain403(res: SignedResponse, caller: string): string {
  const type = res.headers.get('x-amzn-errortype');
  const said = (() => {
    try {
      return (JSON.parse(res.text) as { Message?: string; message?: string }).Message ?? '';
    } catch {
      return res.text.slice(0, 200);
    }
  })();
  return [
    `403 Forbidden${type ? ` (${type})` : ''}${said ? `: ${said}` : ''}`,
    `  IAM refused the signed call before the function ran. The caller (${caller}) needs BOTH lambda:InvokeFunctionUrl`,
    '  and lambda:InvokeFunction on the on-demand function: Function URLs created since October 2025 check both.',
    '  Fix: deploy with -c invokerArn=<the ARN of the role or user you call with> (the stack grants both), or attach',
    '  both actions to your role. Also check the credentials are for the stack’s account and the URL’s region (a',
    '  signature for another region or a wrong secret key is refused with 403 too).',
  ].join('\n');
}

const reportListSchema = z.object({
  reports: z.array(z.looseObject({ id: z.string(), title: z.string().optional() })),
});
const snapshotSchema = z.looseObject({
  report: z.looseObject({ id: z.string(), title: z.string().optional() }).optional(),
  period: z.looseObject({ label: z.string().optional(), key: z.string().optional() }).optional(),
});

class SmokeFailure extends Error {
  override readonly name = 'SmokeFailure';
}

async function call(
  url: URL,
  region: string,
  credentials: AwsCredentials,
  caller: string,
  io: SmokeIo,
): Promise<SignedResponse> {
  const label = `GET ${url.pathname}${url.search}`;
  io.stdout.write(`smoke: ${label} …\n`);
  let res: SignedResponse;
  try {
    res = await signedGet(url, region, credentials);
  } catch (error) {
    throw new SmokeFailure(`${label}: no answer (${error instanceof Error ? error.message : String(error)})`);
  }
  if (res.status === 403) throw new SmokeFailure(`${label}: ${explain403(res, caller)}`);
  if (res.status !== 200) {
    throw new SmokeFailure(
      `${label}: HTTP ${res.status}${res.headers.get('x-request-id') ? ` (x-request-id ${res.headers.get('x-request-id')}: quote it with the function's logs)` : ''}: ${res.text.slice(0, 300)}`,
    );
  }
  return res;
}

async function smoke(options: SmokeOptions, io: SmokeIo): Promise<string[]> {
  const envRegion = regionOf(io.env, options.region);
  const cfn = new CloudFormationClient(clientConfig(io.env, 'CLOUDFORMATION', envRegion));
  try {
    io.stdout.write(`smoke: reading the outputs of ${options.stackName}\n`);
    let stack: Awaited<ReturnType<typeof describeStack>>;
    try {
      stack = await describeStack(cfn, options.stackName);
    } catch (error) {
      throw new SmokeFailure(`cannot read the stack ${options.stackName}: ${awsErrorLine(error)}`);
    }
    if (!stack) {
      throw new SmokeFailure(
        `${options.stackName} is not deployed in this account/region: run npx cdk deploy first (npm run doctor checks what it needs)`,
      );
    }
    const output = stack.outputs.OnDemandUrl;
    if (!output) throw new SmokeFailure(`${options.stackName} has no OnDemandUrl output (status ${stack.status})`);
    const base = new URL(output);
    const region = options.region ?? regionOfFunctionUrl(base) ?? envRegion ?? (await cfn.config.region());
    const credentials = await cfn.config.credentials();
    const caller = `access key ${credentials.accessKeyId.slice(0, 4)}…${credentials.accessKeyId.slice(-4)}`;
    io.stdout.write(`smoke: Function URL ${base.href} (${region}), signing as ${caller}\n`);

    const list = await call(new URL('reports', base), region, credentials, caller, io);
    const parsed = reportListSchema.safeParse(JSON.parse(list.text));
    if (!parsed.success)
      throw new SmokeFailure('GET /reports answered 200 with an unexpected body (not { reports: [...] })');
    const ids = parsed.data.reports.map((r) => r.id);
    io.stdout.write(`smoke:   200, ${ids.length} report(s): ${ids.join(', ')}\n`);
    const reportId = options.reportId ?? ids[0];
    if (!reportId) throw new SmokeFailure('the deployed configuration lists no report to preview');
    if (!ids.includes(reportId))
      throw new SmokeFailure(`report "${reportId}" is not deployed (deployed: ${ids.join(', ')})`);

    const preview = new URL(`reports/${encodeURIComponent(reportId)}`, base);
    preview.searchParams.set('format', 'json');
    if (options.period) preview.searchParams.set('period', options.period);
    const res = await call(preview, region, credentials, caller, io);
    const snapshot = snapshotSchema.safeParse(JSON.parse(res.text));
    if (!snapshot.success)
      throw new SmokeFailure(`GET ${preview.pathname} answered 200 with a body that is not a snapshot`);
    const period = snapshot.data.period?.label ?? res.headers.get('x-report-period') ?? '?';
    io.stdout.write(
      `smoke:   200, snapshot of "${snapshot.data.report?.title ?? reportId}" for ${period} (${res.text.length} bytes)\n`,
    );
    return [`GET /reports`, `GET /reports/${reportId}?format=json`];
  } finally {
    cfn.destroy();
  }
}

export async function runSmoke(argv: readonly string[], io: SmokeIo): Promise<number> {
  let options: SmokeOptions | 'help';
  try {
    options = parseSmokeArgs(argv);
  } catch (error) {
    return reportFailure('smoke', error, io.stderr);
  }
  if (options === 'help') {
    io.stdout.write(SMOKE_HELP);
    return 0;
  }
  try {
    const calls = await smoke(options, io);
    io.stdout.write(`smoke: ok: ${calls.length} signed calls answered 200 (${calls.join(', ')})\n`);
    return 0;
  } catch (error) {
    const message =
      error instanceof SmokeFailure
        ? error.message
        : `stopped: ${error instanceof Error ? error.message : String(error)}`;
    io.stderr.write(`smoke: FAILED: ${message}\n`);
    return 1;
  }
}

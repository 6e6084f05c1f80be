/**
 * `npm run doctor`: a read-only preflight of a deploy against the account and region of the caller's AWS
 * credentials. Each check prints as it completes (progress on stdout, one finding per line, with its fix), then a
 * summary; exit 1 when something would fail, 2 on bad usage, 0 otherwise. Never a stack trace, never a secret.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { STSClient } from '@aws-sdk/client-sts';
import { ConfigError, loadConfig } from '../../functions/commons/config/load.js';
import { type Config, secretNameFor } from '../../functions/commons/config/schema.js';
import { parseFlags, UsageError } from '../args.js';
import { awsErrorLine, clientConfig, regionOf } from '../aws/client-config.js';
import { DEFAULT_STACK_NAME } from '../aws/stack.js';
import { reportFailure } from '../exit.js';
import type { ProgressStream } from '../progress.js';
import {
  callerFinding,
  listIdentities,
  quotaFinding,
  sandboxFindings,
  senderIdentityFindings,
  sesAccount,
} from './account-checks.js';
import { type DeployContext, grantFinding, scheduleFindings } from './config-checks.js';
import { type Finding, formatFinding, summary } from './finding.js';
import { muxFindings, secretFindings } from './secret-checks.js';
import { bootstrapFinding, deployedConfigFindings, deployedStack } from './stack-checks.js';

export const DOCTOR_HELP = `Usage: npm run doctor -- [options]

Read-only preflight of a deploy, against the AWS account and region of your credentials (nothing is created,
changed or sent). Checks, each explained with its fix:
  config           the configuration is valid; each report's next three run times in its own time zone
  ses-grant        every from address lies inside the SES identity the stack grants (what cdk synth enforces)
  aws-credentials  who you are and where (STS GetCallerIdentity)
  ses-identity     every from address is covered by a verified SES identity in this region
  ses-sandbox      sandbox or production access; in the sandbox every recipient must be verified
  ses-quota        the busiest 24 hours of scheduled mail fit the account's SES quota (200 a day in the sandbox)
  bootstrap        the CDK bootstrap stack (CDKToolkit) exists
  stack            whether the stack is deployed
  secrets          every Secrets Manager secret the stack names exists and has a value (values are never shown)
  mux              each environment's Mux token reads Mux Data (one call); Monitoring and exports plans
  deployed-config  after a deploy: the functions run the local configuration (REPORTS_CONFIG_SHA256)

Options:
  -c, --config <file>      configuration file (default: reports.config.jsonc)
      --stack-name <name>  default: cdk.json context stackName, else ${DEFAULT_STACK_NAME}
      --ses-identity <id>  the -c sesIdentity you deploy with (default: cdk.json context)
      --ses-domain <dom>   the -c sesDomain you deploy with (default: cdk.json context)
      --region <region>    default: AWS_REGION, AWS_DEFAULT_REGION, then your profile's region
  -h, --help               show this help

Permissions used: sts:GetCallerIdentity, ses:GetAccount, ses:ListEmailIdentities, secretsmanager:DescribeSecret,
secretsmanager:GetSecretValue (Mux tokens only), cloudformation:DescribeStacks, cloudformation:DescribeStackResources,
lambda:GetFunctionConfiguration.

Exit codes: 0 nothing would fail (warnings aside), 1 something would fail, 2 bad usage.
`;

const FLAGS = {
  config: { type: 'string', short: 'c' },
  'stack-name': { type: 'string' },
  'ses-identity': { type: 'string' },
  'ses-domain': { type: 'string' },
  region: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface DoctorIo {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: ProgressStream;
  stderr: ProgressStream;
  /** The clock (next run times, quota windows). */
  now: () => Date;
}

interface DoctorOptions extends DeployContext {
  configPath: string;
}

/** cdk.json `context` (string values only), where `cdk deploy` takes what the user did not pass with -c. */
function cdkContext(cwd: string): Record<string, string> {
  try {
    const json = JSON.parse(readFileSync(path.join(cwd, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
    return Object.fromEntries(
      Object.entries(json.context ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
    );
  } catch {
    return {};
  }
}

function parseDoctorArgs(argv: readonly string[], cwd: string): DoctorOptions | 'help' {
  const { values, positionals } = parseFlags(argv, FLAGS);
  if (values.help) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected arguments: ${positionals.join(' ')}`);
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string' && value.trim() === '') throw new UsageError(`--${name} must not be empty`);
  }
  const context = cdkContext(cwd);
  return {
    configPath: values.config ?? context.configPath ?? 'reports.config.jsonc',
    stackName: values['stack-name'] ?? context.stackName ?? DEFAULT_STACK_NAME,
    sesIdentity: values['ses-identity'] ?? context.sesIdentity,
    sesDomain: values['ses-domain'] ?? context.sesDomain,
    region: values.region,
  };
}

export interface DoctorClients {
  sts: STSClient;
  ses: SESv2Client;
  cloudFormation: CloudFormationClient;
  lambda: LambdaClient;
  secrets: SecretsManagerClient;
}

function createClients(env: NodeJS.ProcessEnv, region: string | undefined): DoctorClients {
  return {
    sts: new STSClient(clientConfig(env, 'STS', region)),
    ses: new SESv2Client(clientConfig(env, 'SESV2', region)),
    cloudFormation: new CloudFormationClient(clientConfig(env, 'CLOUDFORMATION', region)),
    lambda: new LambdaClient(clientConfig(env, 'LAMBDA', region)),
    secrets: new SecretsManagerClient(clientConfig(env, 'SECRETS_MANAGER', region)),
  };
}

/** Runs every check that can run; a failed prerequisite skips what depends on it (said as such). */
async function check(config: Config, options: DoctorOptions, io: DoctorIo, report: (f: Finding) => void) {
  const now = io.now();
  for (const f of scheduleFindings(config, now)) report(f);
  report(grantFinding(config, options));

  const region = regionOf(io.env, options.region);
  const clients = createClients(io.env, region);
  try {
    const caller = await callerFinding(clients.sts, region);
    report(caller);
    if (caller.status === 'fail') {
      report({ check: 'aws', status: 'skip', message: 'the account checks need credentials and a region' });
      return;
    }
    const account = /account (\d+)/.exec(caller.message)?.[1];
    const where = region ?? (await clients.sts.config.region());

    try {
      const identities = await listIdentities(clients.ses);
      for (const f of senderIdentityFindings(config, identities)) report(f);
      const ses = await sesAccount(clients.ses);
      for (const f of sandboxFindings(config, ses, identities)) report(f);
      report(quotaFinding(config, ses, now));
    } catch (error) {
      report({
        check: 'ses',
        status: 'fail',
        message: awsErrorLine(error),
        fix: 'the caller needs ses:GetAccount and ses:ListEmailIdentities; SES must be offered in this region',
      });
    }

    report(await bootstrapFinding(clients.cloudFormation, account, where));
    const { finding, stack } = await deployedStack(clients.cloudFormation, options);
    report(finding);

    const { findings, filled } = await secretFindings(config, clients.secrets, stack !== undefined);
    for (const f of findings) report(f);
    const baseUrl = io.env.MUX_BASE_URL || undefined;
    for (const env of config.environments) {
      if (!filled.has(secretNameFor(env))) {
        report({ check: 'mux', status: 'skip', message: `environment "${env.name}": its secret has no value to try` });
        continue;
      }
      for (const f of await muxFindings(env, clients.secrets, baseUrl)) report(f);
    }

    if (stack) {
      try {
        for (const f of await deployedConfigFindings(config, clients.cloudFormation, clients.lambda, options))
          report(f);
      } catch (error) {
        report({
          check: 'deployed-config',
          status: 'fail',
          message: awsErrorLine(error),
          fix: 'the caller needs cloudformation:DescribeStackResources and lambda:GetFunctionConfiguration',
        });
      }
    } else {
      report({ check: 'deployed-config', status: 'skip', message: 'nothing deployed to compare with' });
    }
  } finally {
    for (const c of Object.values(clients)) c.destroy();
  }
}

/** The configuration, or undefined after reporting why it does not load. */
function loadChecked(configPath: string, cwd: string, report: (f: Finding) => void): Config | undefined {
  try {
    const config = loadConfig({ path: configPath, cwd, env: {} });
    report({
      check: 'config',
      status: 'ok',
      message: `${configPath} is valid: ${config.reports.length} report(s), ${config.environments.length} environment(s)`,
    });
    return config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    report({
      check: 'config',
      status: 'fail',
      message: error.message.split('\n')[0] ?? 'invalid configuration',
      details: error.issues.map((i) => `${i.path ? `${i.path}: ` : ''}${i.message}`),
      fix: 'cdk synth refuses it too: fix the lines above',
    });
    return undefined;
  }
}

export async function runDoctor(argv: readonly string[], io: DoctorIo): Promise<number> {
  let options: DoctorOptions | 'help';
  try {
    options = parseDoctorArgs(argv, io.cwd);
  } catch (error) {
    return reportFailure('doctor', error, io.stderr);
  }
  if (options === 'help') {
    io.stdout.write(DOCTOR_HELP);
    return 0;
  }

  const findings: Finding[] = [];
  const report = (f: Finding) => {
    findings.push(f);
    io.stdout.write(formatFinding(f));
  };
  io.stdout.write(`doctor: checking ${options.configPath} for stack ${options.stackName}\n`);
  try {
    const config = loadChecked(options.configPath, io.cwd, report);
    if (config) await check(config, options, io, report);
  } catch (error) {
    // An unexpected failure is a finding too: one line, no stack.
    report({
      check: 'doctor',
      status: 'fail',
      message: `stopped: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  const { line, failed } = summary(findings);
  io.stdout.write(`${line}\n`);
  return failed ? 1 : 0;
}

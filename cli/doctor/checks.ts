/**
 * The doctor's checks, in the order a first deploy meets them. Each is read-only (Describe/Get/List calls, one
 * Mux Data call per environment) and returns findings with the fix; none prints or returns a secret value.
 */
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { GetFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetAccountCommand, ListEmailIdentitiesCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { getMuxCredentials, SecretError } from '../../functions/commons/aws/secrets.js';
import type { ChannelConfig } from '../../functions/commons/config/channels.js';
import { type Config, type EnvironmentConfig, secretNameFor } from '../../functions/commons/config/schema.js';
import { MuxApiError, MuxClient, MuxError } from '../../functions/commons/mux/index.js';
import { lambdaEnvironment } from '../../functions/commons/settings/environment.js';
import {
  domainOf,
  grantedIdentities,
  identityCovers,
  reportAddresses,
  reservedAddressesOf,
  sendsEmail,
  uncoveredSendersMessage,
} from '../../infra/sender-rules.js';
import { awsErrorLine, errorName } from '../aws/client-config.js';
import { BOOTSTRAP_STACK_NAME, type DeployedStack, describeStack, isUsable, stackFunctions } from '../aws/stack.js';
import type { Finding } from './finding.js';
import { busiest24Hours, formatRun, nextRuns } from './schedule.js';

export interface DoctorClients {
  sts: STSClient;
  ses: SESv2Client;
  cloudFormation: CloudFormationClient;
  lambda: LambdaClient;
  secrets: SecretsManagerClient;
}

export interface DeployContext {
  stackName: string;
  sesIdentity?: string | undefined;
  sesDomain?: string | undefined;
  region?: string | undefined;
}

const DEPLOY_FLAGS = (ctx: DeployContext) =>
  [ctx.sesIdentity ? `-c sesIdentity=${ctx.sesIdentity}` : '', ctx.sesDomain ? `-c sesDomain=${ctx.sesDomain}` : '']
    .filter(Boolean)
    .join(' ');

// --- offline ---------------------------------------------------------------------------------------------------

/** Each report's next three runs in its zone; the sample addresses (reserved domains) are a warning. */
export function scheduleFindings(config: Config, now: Date): Finding[] {
  return config.reports.map((report) => {
    const reserved = reservedAddressesOf(report);
    const runs = nextRuns(report, now, 3).map(formatRun);
    const when = report.schedule.enabled ? `${report.cadence}, next runs:` : 'schedule off (on-demand only)';
    if (reserved.length > 0) {
      return {
        check: 'config',
        status: 'warn',
        message: `report "${report.id}" emails ${reserved.join(', ')} (reserved example domains: no mail arrives); the stack creates its schedule DISABLED`,
        fix: 'put real recipients and from in the configuration (docs/deploy.md step 2), or turn its email off',
      };
    }
    return { check: 'config', status: 'ok', message: `report "${report.id}": ${when}`, details: runs };
  });
}

/** The synth's own rule (infra/sender-rules.ts): every from inside the identity the stack grants. */
export function grantFinding(config: Config, ctx: DeployContext): Finding {
  const identities = grantedIdentities(config, ctx);
  const problem = uncoveredSendersMessage(config, identities);
  if (problem) {
    return {
      check: 'ses-grant',
      status: 'fail',
      message: problem,
      fix: 'cdk synth refuses this too: change the from addresses or the sesIdentity / sesDomain context',
    };
  }
  return {
    check: 'ses-grant',
    status: identities.length === 0 ? 'skip' : 'ok',
    message:
      identities.length === 0
        ? 'no report sends email'
        : `every from address lies inside the identity the stack grants (${identities.join(', ')})`,
  };
}

// --- AWS account ----------------------------------------------------------------------------------------------

export async function callerFinding(sts: STSClient, region: string | undefined): Promise<Finding> {
  try {
    const me = await sts.send(new GetCallerIdentityCommand({}));
    const where = region ?? (await sts.config.region());
    return {
      check: 'aws-credentials',
      status: 'ok',
      message: `account ${me.Account} in ${where} as ${me.Arn}`,
    };
  } catch (error) {
    return {
      check: 'aws-credentials',
      status: 'fail',
      message: `no usable AWS credentials or region (${awsErrorLine(error)})`,
      fix:
        'sign in (aws sso login, or AWS_PROFILE / AWS_ACCESS_KEY_ID), and choose the region the stack goes to:\n' +
        'AWS_REGION=eu-west-1 npm run doctor (the stack, its SES identity and its sandbox status are per region)',
    };
  }
}

interface SesIdentity {
  name: string;
  verified: boolean;
}

export async function listIdentities(ses: SESv2Client): Promise<SesIdentity[]> {
  const out: SesIdentity[] = [];
  let token: string | undefined;
  do {
    const page = await ses.send(new ListEmailIdentitiesCommand({ PageSize: 1000, NextToken: token }));
    for (const i of page.EmailIdentities ?? []) {
      if (i.IdentityName)
        out.push({ name: i.IdentityName, verified: i.VerificationStatus === 'SUCCESS' && i.SendingEnabled !== false });
    }
    token = page.NextToken;
  } while (token);
  return out;
}

const verifiedFor = (identities: readonly SesIdentity[], address: string) =>
  identities.some((i) => i.verified && identityCovers(i.name, address));

export function senderIdentityFindings(config: Config, identities: readonly SesIdentity[]): Finding[] {
  const senders = [...new Set(config.reports.flatMap((r) => (sendsEmail(r) && r.from ? [r.from] : [])))];
  return senders.map((from) => {
    if (verifiedFor(identities, from)) {
      return { check: 'ses-identity', status: 'ok', message: `${from} is covered by a verified SES identity` };
    }
    const pending = identities.find((i) => identityCovers(i.name, from));
    return {
      check: 'ses-identity',
      status: 'fail',
      message: pending
        ? `${from}: the SES identity ${pending.name} exists but is not verified (or its sending is paused)`
        : `${from}: no SES identity in this region covers it: every send would be rejected`,
      fix: pending
        ? `finish verifying ${pending.name} (DKIM CNAMEs published? aws sesv2 get-email-identity --email-identity ${pending.name})`
        : `deploy with -c sesDomain=${domainOf(from)} (creates it with Easy DKIM), or verify it yourself:\n` +
          `aws sesv2 create-email-identity --email-identity ${domainOf(from)}`,
    };
  });
}

export interface SesAccount {
  production: boolean;
  sendingEnabled: boolean;
  max24HourSend: number | undefined;
}

export async function sesAccount(ses: SESv2Client): Promise<SesAccount> {
  const a = await ses.send(new GetAccountCommand({}));
  return {
    production: a.ProductionAccessEnabled === true,
    sendingEnabled: a.SendingEnabled !== false,
    max24HourSend: a.SendQuota?.Max24HourSend,
  };
}

export function sandboxFindings(config: Config, account: SesAccount, identities: readonly SesIdentity[]): Finding[] {
  const findings: Finding[] = [];
  if (!account.sendingEnabled) {
    findings.push({
      check: 'ses-account',
      status: 'fail',
      message: 'sending is paused for this account in this region',
      fix: 'see the SES console (Account dashboard) for why; aws sesv2 put-account-sending-attributes --sending-enabled',
    });
  }
  if (account.production) {
    findings.push({ check: 'ses-sandbox', status: 'ok', message: 'production access: any recipient can be mailed' });
    return findings;
  }
  const recipients = [
    ...new Set(config.reports.flatMap((r) => (sendsEmail(r) ? reportAddresses(r).filter((a) => a !== r.from) : []))),
  ].sort();
  const unverified = recipients.filter((a) => !verifiedFor(identities, a));
  findings.push(
    unverified.length === 0
      ? {
          check: 'ses-sandbox',
          status: 'ok',
          message: `in the SES sandbox; all ${recipients.length} recipients are verified identities`,
        }
      : {
          check: 'ses-sandbox',
          status: 'fail',
          message: `in the SES sandbox, mail goes only to verified addresses; not verified: ${unverified.join(', ')}`,
          fix:
            `verify each (a confirmation mail is sent): aws sesv2 create-email-identity --email-identity ${unverified[0]}\n` +
            'or request production access (docs/deploy.md step 3)',
        },
  );
  return findings;
}

/** Issue 25: the busiest 24 hours of scheduled mail against the account's quota (200 a day in the sandbox). */
export function quotaFinding(config: Config, account: SesAccount, now: Date): Finding {
  const quota = account.max24HourSend;
  const busiest = busiest24Hours(config.reports, now);
  if (quota === undefined) return { check: 'ses-quota', status: 'skip', message: 'SES reported no sending quota' };
  const who = busiest.reports.map((r) => `${r.id} ${r.emails}`).join(', ');
  if (busiest.emails <= quota) {
    return {
      check: 'ses-quota',
      status: 'ok',
      message: `busiest 24 hours: ${busiest.emails} emails of a quota of ${quota}${who ? ` (${who})` : ''}`,
    };
  }
  return {
    check: 'ses-quota',
    status: 'warn',
    message: `the busiest 24 hours send ${busiest.emails} emails (${who}), over the account's quota of ${quota} a day: the rest would be refused`,
    fix: account.production
      ? 'ask for a higher quota (Service Quotas: "Sending quota" of Amazon SES), or spread the fan-out'
      : 'the sandbox allows 200 a day: request production access (docs/deploy.md step 3), or fan out to fewer segments',
  };
}

// --- secrets and Mux -----------------------------------------------------------------------------------------

function channelSecrets(channel: ChannelConfig): string[] {
  switch (channel.type) {
    case 'email':
      return [];
    case 'slack':
    case 'teams':
      return [channel.webhookSecret];
    case 'webhook':
      return [channel.urlSecret, channel.signingSecret];
  }
}

export type SecretState = 'filled' | 'empty' | 'missing';

export async function secretState(client: SecretsManagerClient, name: string): Promise<SecretState> {
  try {
    const d = await client.send(new DescribeSecretCommand({ SecretId: name }));
    const stages = Object.values(d.VersionIdsToStages ?? {}).flat();
    return stages.includes('AWSCURRENT') ? 'filled' : 'empty';
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return 'missing';
    throw error;
  }
}

export async function secretFindings(
  config: Config,
  client: SecretsManagerClient,
  deployed: boolean,
): Promise<{ findings: Finding[]; filled: Set<string> }> {
  const names = new Map<string, string>();
  for (const env of config.environments) names.set(secretNameFor(env), `Mux token of environment "${env.name}"`);
  for (const r of config.reports)
    for (const s of r.channels.flatMap(channelSecrets)) names.set(s, `channel secret of "${r.id}"`);
  const findings: Finding[] = [];
  const filled = new Set<string>();
  for (const [name, what] of names) {
    let state: SecretState;
    try {
      state = await secretState(client, name);
    } catch (error) {
      findings.push({
        check: 'secrets',
        status: 'fail',
        message: `${name}: ${awsErrorLine(error)}`,
        fix: 'the caller needs secretsmanager:DescribeSecret',
      });
      continue;
    }
    if (state === 'filled') {
      filled.add(name);
      findings.push({ check: 'secrets', status: 'ok', message: `${name} (${what}) exists and has a value` });
    } else if (state === 'missing') {
      findings.push({
        check: 'secrets',
        status: deployed ? 'fail' : 'warn',
        message: `${name} (${what}) does not exist${deployed ? '' : ' yet (cdk deploy creates it, empty)'}`,
        fix: deployed
          ? 'it is created by the stack: was it deleted? cdk deploy creates it again'
          : `after cdk deploy: aws secretsmanager put-secret-value --secret-id ${name} --secret-string file://token.json`,
      });
    } else {
      findings.push({
        check: 'secrets',
        status: 'fail',
        message: `${name} (${what}) exists but is empty: every run would fail`,
        fix: `aws secretsmanager put-secret-value --secret-id ${name} --secret-string file://token.json (docs/deploy.md step 4)`,
      });
    }
  }
  return { findings, filled };
}

/** The Mux answer to a check call as a finding line: 401/403 and plan-gated features named as such. */
function muxProblem(error: unknown): { status: number | undefined; line: string } {
  if (error instanceof MuxApiError) return { status: error.status, line: error.messages.join('; ') || error.type };
  if (error instanceof MuxError) return { status: undefined, line: error.message };
  return { status: undefined, line: error instanceof Error ? error.message : String(error) };
}

export async function muxFindings(
  env: EnvironmentConfig,
  secrets: SecretsManagerClient,
  baseUrl: string | undefined,
): Promise<Finding[]> {
  const name = secretNameFor(env);
  let client: MuxClient;
  try {
    const token = await getMuxCredentials(name, { client: secrets, forceFetch: true });
    client = new MuxClient({ ...token, ...(baseUrl ? { baseUrl } : {}), maxRetries: 1, timeoutMs: 15_000 });
  } catch (error) {
    const message = error instanceof SecretError ? error.message : String(error);
    return [
      {
        check: 'mux',
        status: 'fail',
        message: `environment "${env.name}": ${message}`,
        fix: 'the secret must be {"tokenId":"…","tokenSecret":"…"} (docs/deploy.md step 4)',
      },
    ];
  }
  const findings: Finding[] = [];
  try {
    await client.metrics.overall('views', { timeframe: '24:hours' });
    findings.push({ check: 'mux', status: 'ok', message: `environment "${env.name}": the token reads Mux Data` });
  } catch (error) {
    const { status, line } = muxProblem(error);
    findings.push({
      check: 'mux',
      status: 'fail',
      message:
        status === 401
          ? `environment "${env.name}": Mux refused the token (401 unauthorized): wrong id/secret, or revoked`
          : status === 403
            ? `environment "${env.name}": the token may not read Mux Data (403 forbidden: ${line})`
            : `environment "${env.name}": Mux Data call failed (${line})`,
      fix:
        status === 401 || status === 403
          ? 'create a token with "Mux Data: read" in the Mux dashboard (Settings → Access Tokens) for this environment and put it in the secret'
          : 'retry; if it persists check https://status.mux.com and the network',
    });
    return findings; // the plan checks would fail the same way
  }
  try {
    await client.monitoring.timeseries('current-concurrent-viewers');
    findings.push({
      check: 'mux',
      status: 'ok',
      message: `environment "${env.name}": the Monitoring API answers (GET /live works)`,
    });
  } catch (error) {
    const { status, line } = muxProblem(error);
    findings.push({
      check: 'mux',
      status: 'warn',
      message:
        status === 403
          ? `environment "${env.name}": the Monitoring API is not on this Mux plan (403: ${line}); GET /live answers "not on your plan", reports are unaffected`
          : `environment "${env.name}": the Monitoring API call failed (${line})`,
      fix: 'nothing to do for the reports; the live page needs a Mux plan with real-time monitoring',
    });
  }
  if (env.archiveExports) {
    try {
      await client.exports.listViews();
      findings.push({
        check: 'mux',
        status: 'ok',
        message: `environment "${env.name}": raw view exports are available (archiveExports)`,
      });
    } catch (error) {
      const { status, line } = muxProblem(error);
      findings.push({
        check: 'mux',
        status: 'fail',
        message:
          status === 403
            ? `environment "${env.name}": archiveExports is on but exports are not on this Mux plan (403: ${line})`
            : `environment "${env.name}": the exports call failed (${line})`,
        fix: 'set "archiveExports": false for this environment, or move to a Mux plan with exports',
      });
    }
  }
  return findings;
}

// --- CDK bootstrap and the deployed stack ------------------------------------------------------------------

export async function bootstrapFinding(
  cfn: CloudFormationClient,
  account: string | undefined,
  region: string | undefined,
): Promise<Finding> {
  try {
    const stack = await describeStack(cfn, BOOTSTRAP_STACK_NAME);
    if (stack && isUsable(stack.status)) {
      return { check: 'bootstrap', status: 'ok', message: `${BOOTSTRAP_STACK_NAME} is ${stack.status}` };
    }
    return {
      check: 'bootstrap',
      status: 'fail',
      message: stack
        ? `${BOOTSTRAP_STACK_NAME} is ${stack.status}`
        : `the account/region is not bootstrapped for CDK (no ${BOOTSTRAP_STACK_NAME} stack)`,
      fix: `npx cdk bootstrap aws://${account ?? '<account>'}/${region ?? '<region>'}`,
    };
  } catch (error) {
    return {
      check: 'bootstrap',
      status: 'fail',
      message: awsErrorLine(error),
      fix: 'the caller needs cloudformation:DescribeStacks',
    };
  }
}

export async function deployedStack(
  cfn: CloudFormationClient,
  ctx: DeployContext,
): Promise<{ finding: Finding; stack: DeployedStack | undefined }> {
  try {
    const stack = await describeStack(cfn, ctx.stackName);
    if (!stack) {
      return {
        stack,
        finding: {
          check: 'stack',
          status: 'skip',
          message: `${ctx.stackName} is not deployed yet (npx cdk deploy ${DEPLOY_FLAGS(ctx)})`.trim(),
        },
      };
    }
    const usable = isUsable(stack.status);
    return {
      stack: usable ? stack : undefined,
      finding: {
        check: 'stack',
        status: usable ? 'ok' : 'fail',
        message: `${ctx.stackName} is ${stack.status}`,
        fix: 'see the stack events in the CloudFormation console; fix the cause and deploy again',
      },
    };
  } catch (error) {
    return { stack: undefined, finding: { check: 'stack', status: 'fail', message: awsErrorLine(error) } };
  }
}

/** The digest the stack would deploy for this configuration (the same code path as infra/stack.ts). */
export function localConfigDigest(config: Config): string | undefined {
  return lambdaEnvironment({ config, snapshotBucket: '', idempotencyTable: '', service: 'doctor' })
    .REPORTS_CONFIG_SHA256;
}

export async function deployedConfigFindings(
  config: Config,
  cfn: CloudFormationClient,
  lambda: LambdaClient,
  ctx: DeployContext,
): Promise<Finding[]> {
  const local = localConfigDigest(config);
  const functions = await stackFunctions(cfn, ctx.stackName);
  const findings: Finding[] = [];
  for (const [logical, name] of Object.entries(functions)) {
    const fn = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    const deployed = fn.Environment?.Variables?.REPORTS_CONFIG_SHA256;
    findings.push(
      deployed === local
        ? { check: 'deployed-config', status: 'ok', message: `${logical} runs the local configuration` }
        : {
            check: 'deployed-config',
            status: 'warn',
            message: `${logical} runs another configuration than the local one (REPORTS_CONFIG_SHA256 ${deployed?.slice(0, 12) ?? 'missing'}… ≠ local ${local?.slice(0, 12)}…)`,
            fix: `deploy the local configuration: npx cdk deploy ${DEPLOY_FLAGS(ctx)}`.trim(),
          },
    );
  }
  if (findings.length === 0)
    findings.push({ check: 'deployed-config', status: 'fail', message: `${ctx.stackName} has no Lambda function` });
  return findings;
}

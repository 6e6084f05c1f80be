/** The doctor's secret and Mux checks: each named secret exists and has a value (never shown); each Mux token reads Mux Data. */
import { DescribeSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { getMuxCredentials, SecretError } from '../../functions/commons/aws/secrets.js';
import type { ChannelConfig } from '../../functions/commons/config/channels.js';
import { type Config, type EnvironmentConfig, secretNameFor } from '../../functions/commons/config/schema.js';
import { MuxApiError, MuxClient, MuxError } from '../../functions/commons/mux/index.js';
import { awsErrorLine, errorName } from '../aws/client-config.js';
import type { Finding } from './finding.js';

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
  const where = `environment "${env.name}"`;
  const data = await probe(
    () => client.metrics.overall('views', { timeframe: '24:hours' }),
    `${where}: the token reads Mux Data`,
    (status, line) => ({
      status: 'fail',
      message:
        status === 401
          ? `${where}: Mux refused the token (401 unauthorized): wrong id/secret, or revoked`
          : status === 403
            ? `${where}: the token may not read Mux Data (403 forbidden: ${line})`
            : `${where}: Mux Data call failed (${line})`,
      fix:
        status === 401 || status === 403
          ? 'create a token with "Mux Data: read" in the Mux dashboard (Settings → Access Tokens) for this environment and put it in the secret'
          : 'retry; if it persists check https://status.mux.com and the network',
    }),
  );
  if (data.status === 'fail') return [data]; // the plan checks would fail the same way
  const findings = [data];
  findings.push(
    await probe(
      () => client.monitoring.timeseries('current-concurrent-viewers'),
      `${where}: the Monitoring API answers (GET /live works)`,
      (status, line) => ({
        status: 'warn',
        message:
          status === 403
            ? `${where}: the Monitoring API is not on this Mux plan (403: ${line}); GET /live answers "not on your plan", reports are unaffected`
            : `${where}: the Monitoring API call failed (${line})`,
        fix: 'nothing to do for the reports; the live page needs a Mux plan with real-time monitoring',
      }),
    ),
  );
  if (env.archiveExports) {
    findings.push(
      await probe(
        () => client.exports.listViews(),
        `${where}: raw view exports are available (archiveExports)`,
        (status, line) => ({
          status: 'fail',
          message:
            status === 403
              ? `${where}: archiveExports is on but exports are not on this Mux plan (403: ${line})`
              : `${where}: the exports call failed (${line})`,
          fix: 'set "archiveExports": false for this environment, or move to a Mux plan with exports',
        }),
      ),
    );
  }
  return findings;
}

/** One Mux call as a finding: `ok` when it answers, else what `failed` makes of Mux's status and message. */
async function probe(
  call: () => Promise<unknown>,
  ok: string,
  failed: (status: number | undefined, line: string) => Omit<Finding, 'check'>,
): Promise<Finding> {
  try {
    await call();
    return { check: 'mux', status: 'ok', message: ok };
  } catch (error) {
    const { status, line } = muxProblem(error);
    return { check: 'mux', ...failed(status, line) };
  }
}

/**
 * CDK entry point (`cdk.json`: `npx tsx infra/app.ts`).
 *
 * Context (cdk.json `context` or `-c key=value`):
 * - `configPath`  report configuration file (default `reports.config.jsonc`)
 * - `sesDomain`   create a new SES domain identity with Easy DKIM, or
 * - `sesIdentity` use an existing verified identity (domain or email); neither → the `from` domains
 * - `alarmEmail`  email subscribed to the alarm topic (optional)
 * - `invokerArn`  IAM principal allowed to call the on-demand Function URL (optional)
 * - `logLevel`    Lambda log level (default INFO)
 * - `sourceMapStackTraces` `true` to run with `--enable-source-maps` (default off: see stack.ts)
 * - `stackName`   default `MuxQoeReportsStack`
 *
 * cdk-nag (AWS Solutions + Serverless packs) runs as a validation plugin: any unacknowledged finding
 * fails the synth.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { Construct } from 'constructs';
import { LOG_LEVELS, type LogLevelName } from '../functions/commons/settings/index.js';
import { loadInfraConfig } from './config.js';
import { MuxQoeReportsStack } from './stack.js';

function contextString(scope: Construct, key: string): string | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`context "${key}" must be a string`);
  return value;
}

function contextLogLevel(scope: Construct): LogLevelName | undefined {
  const value = contextString(scope, 'logLevel')?.toUpperCase();
  if (value === undefined) return undefined;
  const level = LOG_LEVELS.find((l) => l === value);
  if (!level) throw new Error(`context "logLevel" must be one of ${LOG_LEVELS.join(', ')} (got "${value}")`);
  return level;
}

/** Builds the app's stack (also used by the tests with their own App). */
export function buildStack(app: App): MuxQoeReportsStack {
  const config = loadInfraConfig(contextString(app, 'configPath') ?? 'reports.config.jsonc');
  return new MuxQoeReportsStack(app, contextString(app, 'stackName') ?? 'MuxQoeReportsStack', {
    description: 'Mux QoE scheduled reports: functions, schedules, archive, Athena table, alarms',
    config,
    sesDomain: contextString(app, 'sesDomain'),
    sesIdentity: contextString(app, 'sesIdentity'),
    alarmEmail: contextString(app, 'alarmEmail'),
    invokerArn: contextString(app, 'invokerArn'),
    logLevel: contextLogLevel(app),
    sourceMapStackTraces: contextString(app, 'sourceMapStackTraces') === 'true',
  });
}

export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
}

const isMain = process.argv[1] !== undefined && /infra[\\/]app\.ts$/.test(process.argv[1]);
if (isMain) {
  try {
    const app = new App();
    buildStack(app);
    addNagChecks(app);
    app.synth();
  } catch (error) {
    // A bad configuration or context value is one line of ours (the CDK CLI then adds its own "Subprocess exited
    // with error 1"), not the message inside a 30-line trace; `cdk synth --debug` (CDK_DEBUG) shows the trace.
    process.stderr.write(`synth: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env['CDK_DEBUG'] === 'true' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  }
}

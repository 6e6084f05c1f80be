/** The doctor's CloudFormation checks: the CDK bootstrap stack, the deployed stack and its configuration. */
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { GetFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { Config } from '../../functions/commons/config/schema.js';
import { lambdaEnvironment } from '../../functions/commons/settings/environment.js';
import { awsErrorLine } from '../aws/client-config.js';
import { BOOTSTRAP_STACK_NAME, type DeployedStack, describeStack, isUsable, stackFunctions } from '../aws/stack.js';
import { DEPLOY_FLAGS, type DeployContext } from './config-checks.js';
import type { Finding } from './finding.js';

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

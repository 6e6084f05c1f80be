/**
 * The deployed stack as CloudFormation describes it: status, outputs, and its Lambda functions' names. Shared by
 * `npm run doctor` (is it deployed, is its configuration the local one) and `npm run smoke` (the Function URL).
 */
import {
  type CloudFormationClient,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';

/** Default stack name (infra/app.ts `stackName` context). */
export const DEFAULT_STACK_NAME = 'MuxQoeReportsStack';
/** The stack `cdk bootstrap` creates (default qualifier). */
export const BOOTSTRAP_STACK_NAME = 'CDKToolkit';

export interface DeployedStack {
  name: string;
  status: string;
  outputs: Record<string, string>;
}

/** The stack, or undefined when CloudFormation does not know it ("Stack with id … does not exist"). */
export async function describeStack(client: CloudFormationClient, name: string): Promise<DeployedStack | undefined> {
  try {
    const res = await client.send(new DescribeStacksCommand({ StackName: name }));
    const stack = res.Stacks?.[0];
    if (!stack) return undefined;
    const outputs: Record<string, string> = {};
    for (const o of stack.Outputs ?? [])
      if (o.OutputKey && o.OutputValue !== undefined) outputs[o.OutputKey] = o.OutputValue;
    return { name, status: stack.StackStatus ?? 'UNKNOWN', outputs };
  } catch (error) {
    if (error instanceof Error && /does not exist/.test(error.message)) return undefined;
    throw error;
  }
}

/** A usable stack: created or updated, possibly after a rolled-back update (which restores the previous one). */
export function isUsable(status: string): boolean {
  return /_COMPLETE$/.test(status) && !/^(DELETE|ROLLBACK|CREATE_FAILED|REVIEW_IN_PROGRESS)/.test(status);
}

/** Physical names of the stack's Lambda functions, by logical id. */
export async function stackFunctions(client: CloudFormationClient, name: string): Promise<Record<string, string>> {
  const res = await client.send(new DescribeStackResourcesCommand({ StackName: name }));
  const out: Record<string, string> = {};
  for (const r of res.StackResources ?? []) {
    if (r.ResourceType === 'AWS::Lambda::Function' && r.LogicalResourceId && r.PhysicalResourceId) {
      out[r.LogicalResourceId] = r.PhysicalResourceId;
    }
  }
  return out;
}

/**
 * One Lambda function built from `functions/<handler>/handler.ts`: Node 24 on arm64, its own log group with
 * retention, and its own role that starts with nothing but write access to that log group (no
 * AWSLambdaBasicExecutionRole: its `logs:*` on `*` is broader than needed).
 *
 * The code is an asset whose local bundling runs `bundleHandler` (infra/bundling.ts), the function `npm run
 * build` runs: one esbuild call, in this process, no Docker. (It replaced a `NodejsFunction`, which bundled
 * with `--outfile`, which cannot code-split, so a hook rebuilt every function a second time.) Tests that skip
 * bundling (`aws:cdk:bundling-stacks: []`) skip it too: the asset then points at the source folder.
 */
import { join } from 'node:path';
import { AssetHashType, DockerImage, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, type IDestination, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { bundleHandler, type HandlerName, REPO_ROOT } from '../bundling.js';

export interface ReportFunctionProps {
  readonly handler: HandlerName;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** Settings only, never secrets (they are visible to anyone who can read the function configuration). */
  readonly environment: Record<string, string>;
  /** For asynchronously invoked functions (Scheduler): where events go once retries are exhausted. */
  readonly onFailure?: IDestination;
}

export class ReportFunction extends Construct {
  readonly fn: LambdaFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ReportFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.handler} function role`,
    });
    this.logGroup.grantWrite(this.role);

    const name = props.handler;
    this.fn = new LambdaFunction(this, 'Function', {
      code: Code.fromAsset(join(REPO_ROOT, 'functions', name), {
        // The hash of what is deployed (the bundle is deterministic), not of the source folder: shared code
        // and dependencies live outside it.
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          // Never pulled: local bundling always succeeds or throws (it never falls back to Docker).
          image: DockerImage.fromRegistry('dummy'),
          // Tells the three functions' assets apart in CDK's asset cache (keyed on these options).
          command: ['bundleHandler', name],
          local: {
            tryBundle(outputDir) {
              bundleHandler(name, outputDir);
              return true;
            },
          },
        },
      }),
      handler: 'index.handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      // No X-Ray tracing: without a tracer in the code, active tracing showed one opaque segment per invocation
      // (not Mux vs S3 vs SES); Powertools Tracer would pull aws-xray-sdk-core into every bundle and into the cold
      // start. Where time goes is logged and measured instead: an "invocation phases" line per invocation (secrets,
      // Mux, render, AWS; observability/phases.ts), Mux call/wait/retry metrics per run, and `npm run bench`.
      environment: props.environment,
      ...(props.onFailure
        ? {
            // Scheduler invokes asynchronously: Lambda retries a failed run twice, drops events older than 6 h
            // (a report that late is worse than none; the DLQ + alarm tell someone), then hands it to onFailure.
            retryAttempts: 2,
            maxEventAge: Duration.hours(6),
            onFailure: props.onFailure,
          }
        : {}),
    });
    Validations.of(this.fn).acknowledge({
      id: 'Serverless-LambdaTracing',
      reason:
        'No tracer in the bundles (cold start): Mux, S3, SES and DynamoDB time is logged and published as metrics per run.',
    });
    Validations.of(this.fn).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason: props.onFailure
        ? 'Async failures go to an on-failure DESTINATION (SQS), which records the error and request context; ' +
          'a legacy DeadLetterConfig would duplicate it with less information.'
        : 'Invoked synchronously through its Function URL: the caller gets the error; Lambda DLQs only apply to async invocations.',
    });
  }
}

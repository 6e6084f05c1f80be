/**
 * SDK client settings for the commands that talk to the caller's AWS account (`npm run doctor`, `npm run smoke`).
 *
 * Read from the environment the command was given (its `io.env`, which is `process.env` from a shell) rather than
 * left to the SDK's own reading of `process.env`, so a test can run the command in-process against local stand-ins.
 * With a real shell the result is what the SDK would do anyway: `AWS_ENDPOINT_URL_<SERVICE>` / `AWS_ENDPOINT_URL`,
 * keys from the environment, else the default provider chain (profiles, SSO, instance roles); the region from
 * `--region`, `AWS_REGION` / `AWS_DEFAULT_REGION`, else the profile's.
 */
export type ServiceEnvName = 'STS' | 'SESV2' | 'CLOUDFORMATION' | 'LAMBDA' | 'SECRETS_MANAGER';

export interface SdkClientConfig {
  region?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  maxAttempts: number;
}

export function regionOf(env: NodeJS.ProcessEnv, flag: string | undefined): string | undefined {
  return flag || env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
}

export function clientConfig(
  env: NodeJS.ProcessEnv,
  service: ServiceEnvName,
  region: string | undefined,
): SdkClientConfig {
  const endpoint = env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL;
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
  return {
    maxAttempts: 2,
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(accessKeyId && secretAccessKey
      ? {
          credentials: {
            accessKeyId,
            secretAccessKey,
            ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
          },
        }
      : {}),
  };
}

/** An SDK error's name and message in one line (never a stack); the request id helps AWS support. */
export function awsErrorLine(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const message = error.message.split('\n')[0] ?? '';
  return `${error.name}${status ? ` (HTTP ${status})` : ''}: ${message}`;
}

export function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

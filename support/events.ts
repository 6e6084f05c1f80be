/** Invocation payloads exactly as AWS delivers them to our functions. */

/** Lambda Function URL event, payload format 2.0 (IAM auth), for `GET <path>?<query>`. */
export function functionUrlEvent(method: string, path: string, query = ''): Record<string, unknown> {
  const now = Date.now();
  const domain = 'abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: query,
    ...(query ? { queryStringParameters: Object.fromEntries(new URLSearchParams(query)) } : {}),
    headers: {
      host: domain,
      accept: '*/*',
      'user-agent': 'mux-qoe-reports-bench',
      'x-amzn-trace-id': 'Root=1-00000000-000000000000000000000000',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
    },
    requestContext: {
      accountId: '000000000000',
      apiId: 'abcdefghijklmnopqrstuvwxyz012345',
      authorizer: {
        iam: {
          accessKey: 'AKIAEXAMPLE',
          accountId: '000000000000',
          callerId: 'AIDAEXAMPLE',
          userArn: 'arn:aws:iam::000000000000:user/bench',
          userId: 'AIDAEXAMPLE',
        },
      },
      domainName: domain,
      domainPrefix: 'abcdefghijklmnopqrstuvwxyz012345',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'mux-qoe-reports-bench' },
      requestId: `bench-${now}`,
      routeKey: '$default',
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    isBase64Encoded: false,
  };
}

/** EventBridge Scheduler → Lambda input of a report schedule (infra/constructs/report-schedules.ts). */
export function scheduledEvent(reportId: string, scheduledTime: Date): Record<string, unknown> {
  return { reportId, scheduledTime: scheduledTime.toISOString() };
}

/**
 * A Monday 07:00 UTC, `weeksBack` weeks before the last one ≤ `now`: each cold-start run reports a
 * different week so exactly-once delivery never turns a run into a no-op.
 */
export function mondayMorning(now: Date, weeksBack: number): Date {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 7));
  const sinceMonday = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - sinceMonday);
  if (d.getTime() > now.getTime()) d.setUTCDate(d.getUTCDate() - 7);
  d.setUTCDate(d.getUTCDate() - 7 * weeksBack);
  return d;
}

/** A Lambda context with a fixed request id and plenty of time left (what the handlers read of it). */
export function lambdaContext(awsRequestId = 'req-00000000-test'): {
  awsRequestId: string;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  getRemainingTimeInMillis(): number;
} {
  return {
    awsRequestId,
    functionName: 'test-fn',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:test-fn',
    memoryLimitInMB: '256',
    getRemainingTimeInMillis: () => 60_000,
  };
}

/**
 * One-click unsubscribe of customer-facing reports (config/audience.ts), behind a Function URL with NO AWS auth
 * (mail clients POST to it, RFC 8058): the HMAC-signed token in the link is the only authority. The logic is
 * `delivery/unsubscribe/route.ts`; this wires its settings (UNSUBSCRIBE_TABLE, UNSUBSCRIBE_KEY_SECRET), the
 * DynamoDB list and the Secrets Manager key. It loads no report configuration, no Mux client and no renderer.
 * See docs/unsubscribe.md.
 */
import { randomUUID } from 'node:crypto';
import { secretsManagerChannelSecrets } from '../commons/delivery/channels/secrets.js';
import { answerUnsubscribe } from '../commons/delivery/unsubscribe/route.js';
import { DynamoUnsubscribeStore } from '../commons/delivery/unsubscribe/store.js';
import { bodyResponse, type FunctionUrlResponse } from '../commons/http/http-error.js';
import { type LambdaContext, logger } from '../commons/observability/index.js';
import { runInvocation } from '../commons/observability/invocation.js';
import { unsubscribeRouteSettings } from '../commons/settings/unsubscribe.js';

const secrets = secretsManagerChannelSecrets();

export function handler(event: unknown, context?: LambdaContext): Promise<FunctionUrlResponse> {
  return runInvocation(context, { trigger: 'function-url', route: 'unsubscribe' }, async () => {
    const requestId = context?.awsRequestId ?? randomUUID();
    let response: FunctionUrlResponse;
    try {
      const settings = unsubscribeRouteSettings(process.env);
      response = await answerUnsubscribe(event, {
        signingKey: () => secrets(settings.keySecret),
        store: new DynamoUnsubscribeStore({ tableName: settings.table }),
        now: () => new Date(),
      });
    } catch (error) {
      // Never the token or the address in the log: the request id ties it to the Function URL access.
      logger.error('unsubscribe failed', { error });
      response = bodyResponse(
        500,
        'text/plain; charset=utf-8',
        `Something went wrong on our side (request id ${requestId}). Please try the link again later.`,
      );
    }
    logger.info('unsubscribe request done', { status: response.statusCode });
    response.headers['x-request-id'] = requestId;
    return response;
  });
}

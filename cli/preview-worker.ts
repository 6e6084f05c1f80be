/**
 * The child process of `npm run preview`: imports the real on-demand handler (with the environment the preview
 * gave it) and answers the Function URL events the preview server sends over IPC. A template change restarts this
 * process, so the handler, its settings and the compiled templates are all imported fresh.
 */
import type { FunctionUrlResponse } from '../functions/commons/http/http-error.js';

interface Request {
  id: number;
  event: Record<string, unknown>;
}

const { handler } = (await import('../functions/on-demand/handler.js')) as {
  handler: (event: unknown) => Promise<FunctionUrlResponse>;
};

process.on('message', (message: Request) => {
  handler(message.event).then(
    (response) => process.send?.({ id: message.id, response }),
    (error: unknown) =>
      process.send?.({
        id: message.id,
        response: { statusCode: 500, headers: {}, body: error instanceof Error ? error.message : String(error) },
      }),
  );
});
process.send?.({ ready: true });

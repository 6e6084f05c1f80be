/**
 * Small `node:http` helpers for the harness servers (emulators, proxies), all on 127.0.0.1.
 */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';

export const LOCALHOST = '127.0.0.1';

export function urlOf(server: http.Server): string {
  const address = server.address() as AddressInfo;
  return `http://${LOCALHOST}:${address.port}`;
}

/**
 * Listens on `port` of 127.0.0.1 (default 0: a free one); resolves to the server's URL. A port that cannot be had
 * rejects with one clear sentence (an unhandled `EADDRINUSE` would otherwise end the process with a stack).
 */
export async function listen(server: http.Server, port = 0): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(new Error(listenErrorText(error, port)));
    server.once('error', onError);
    server.listen(port, LOCALHOST, () => {
      server.off('error', onError);
      resolve();
    });
  });
  return urlOf(server);
}

function listenErrorText(error: NodeJS.ErrnoException, port: number): string {
  const where = `port ${port} of ${LOCALHOST}`;
  if (error.code === 'EADDRINUSE') return `${where} is in use by another program: choose another with --port`;
  if (error.code === 'EACCES') return `${where} needs privileges: choose one above 1023 with --port`;
  return `cannot listen on ${where}: ${error.message}`;
}

export async function closeServer(server: http.Server | undefined): Promise<void> {
  if (!server?.listening) return;
  // SDK clients keep connections alive: without this, close() waits for them to time out.
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

export function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Sends `req` (already read as `body`) on to `target` with its method, path, query and headers. */
export function forward(target: string, req: http.IncomingMessage, body: Buffer): Promise<Response> {
  return fetch(`${target}${req.url ?? '/'}`, {
    method: req.method ?? 'GET',
    headers: Object.fromEntries(
      Object.entries(req.headers)
        .filter(([k, v]) => typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k))
        .map(([k, v]) => [k, v as string]),
    ),
    ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body }),
  });
}

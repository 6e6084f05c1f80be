/**
 * Worker-thread host of one fake Mux (§4 Scale): each environment's fake gets its own event loop and thread, as
 * Mux's per-environment limiter does not wait for anyone's queries. Bundled by esbuild with scale-child.ts and
 * started by bench/lib/fake-worker.ts; answers `log` with its request log and `close` by closing.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type FakeMuxOptions, startFakeMux } from '../../fake-mux/server.js';

const port = parentPort;
if (!port) throw new Error('fake-host runs as a worker thread');
const fake = await startFakeMux(workerData as FakeMuxOptions);
port.on('message', (message: unknown) => {
  if (message === 'log') port.postMessage({ type: 'log', requests: fake.requests });
  else if (message === 'close') void fake.close().then(() => port.close());
});
port.postMessage({ type: 'ready', url: fake.url });

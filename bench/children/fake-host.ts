/**
 * Worker-thread host of one fake Mux (§4 Scale): each environment's fake gets its own event loop and thread, as
 * Mux's per-environment limiter does not wait for anyone's queries. Bundled by esbuild with scale-child.ts and
 * started by bench/lib/fake-worker.ts; answers `log` with its request log and its event-loop delay since the last `log` and `close` by closing.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { type FakeMuxOptions, startFakeMux } from '../../fake-mux/server.js';

const port = parentPort;
if (!port) throw new Error('fake-host runs as a worker thread');
const fake = await startFakeMux(workerData as FakeMuxOptions);
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
port.on('message', (message: unknown) => {
  if (message === 'log') {
    const delay = { p99Ms: loopDelay.percentile(99) / 1e6, maxMs: loopDelay.max / 1e6 };
    port.postMessage({ type: 'log', requests: fake.requests, loopDelay: delay });
    loopDelay.reset();
  } else if (message === 'close') void fake.close().then(() => port.close());
});
port.postMessage({ type: 'ready', url: fake.url });

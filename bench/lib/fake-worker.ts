/**
 * A fake Mux in its own worker thread (bench/children/fake-host.ts, bundled): ten fakes on the bench's main
 * thread saturated it under load (a warm fake still spends ~10 ms of CPU per answer), and a fake whose event loop
 * lags rate-checks the requests that queued meanwhile all at once, answering 429s that Mux would not.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { FakeMuxOptions, RequestLogEntry } from '../../fake-mux/server.js';

export interface WorkerFake {
  url: string;
  /** The fake's request log and its event-loop delay since the previous call, fetched from the worker. */
  log(): Promise<{ requests: RequestLogEntry[]; loopDelay: LoopDelay }>;
  close(): Promise<void>;
}

export interface LoopDelay {
  p99Ms: number;
  maxMs: number;
}

type HostMessage = { type: 'ready'; url: string } | { type: 'log'; requests: RequestLogEntry[]; loopDelay: LoopDelay };

function next(worker: Worker, type: HostMessage['type']): Promise<HostMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: HostMessage) => {
      if (m.type !== type) return;
      worker.off('message', onMessage);
      worker.off('error', reject);
      resolve(m);
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
  });
}

/** `bundle`: the esbuild output of bench/children/fake-host.ts. */
export async function startFakeInWorker(bundle: string, options: FakeMuxOptions): Promise<WorkerFake> {
  const worker = new Worker(bundle, { workerData: options });
  const ready = await next(worker, 'ready');
  if (ready.type !== 'ready') throw new Error('fake worker did not start');
  return {
    url: ready.url,
    async log() {
      const reply = next(worker, 'log');
      worker.postMessage('log');
      const m = await reply;
      if (m.type !== 'log') throw new Error('fake worker sent no log');
      return { requests: m.requests, loopDelay: m.loopDelay };
    },
    async close() {
      const exited = once(worker, 'exit');
      worker.postMessage('close');
      await exited;
    },
  };
}

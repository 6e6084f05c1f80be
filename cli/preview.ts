/**
 * `npm run preview`: the on-demand API on http://127.0.0.1:<port>, for template authors. Every request becomes a
 * Function URL event for the REAL on-demand handler (functions/on-demand), which runs in a child process against
 * a deployment in miniature (support/stage.ts: the fake Mux, local S3 and Secrets Manager). With MUX_TOKEN_ID and
 * MUX_TOKEN_SECRET set, the handler reads that token from the local Secrets Manager and calls the real Mux API.
 *
 * Editing templates/ or a section's template.mjml recompiles the templates (scripts/build-templates.ts, the same
 * build as `npm run build:templates`, writing the committed generated file) and restarts the handler process;
 * open HTML pages poll /__preview/version and reload themselves.
 *
 * Only its developer can use it (preview-guard.ts): a foreign Host or Origin is refused (DNS rebinding, other
 * pages), and anything but GET/HEAD must be application/json (no cross-site form POST). The body goes to the route;
 * `POST /reports/{id}/send` emails the local SES emulator, exactly once per recipient in a local DynamoDB table.
 *
 *   npm run preview                         # http://127.0.0.1:4020/  (index of reports)
 *   npm run preview -- --port 5000 --config my.config.jsonc
 */
import { type ChildProcess, fork } from 'node:child_process';
import { type FSWatcher, watch } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_REGRESSIONS } from '../fake-mux/regressions.js';
import { loadConfig } from '../functions/commons/config/load.js';
import { type Config, secretNameFor } from '../functions/commons/config/schema.js';
import type { FunctionUrlResponse } from '../functions/commons/http/http-error.js';
import { functionUrlEvent } from '../support/events.js';
import { LOCALHOST, listen } from '../support/http-server.js';
import { type Stage, startStage } from '../support/stage.js';
import { PREVIEW_MAX_BODY_BYTES, type Refusal, refusal, unsendableChannels } from './preview-guard.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORKER = path.join(ROOT, 'cli/preview-worker.ts');
const WATCHED = [path.join(ROOT, 'templates'), path.join(ROOT, 'functions/commons/sections')];
/** Editors save in bursts (write, rename, chmod): one rebuild per burst. */
const DEBOUNCE_MS = 150;
export const DEFAULT_PREVIEW_PORT = 4020;

export interface PreviewOptions {
  port?: number;
  configPath?: string;
  env?: NodeJS.ProcessEnv;
  /** Watch the templates (default true). */
  watch?: boolean;
  log?: (line: string) => void;
}

export interface Preview {
  url: string;
  /** Bumped by every rebuild; pages reload when it changes. */
  version(): number;
  /** Recompile the templates and restart the handler (what a template change does). */
  reload(): Promise<void>;
  close(): Promise<void>;
}

/** Polls the version and reloads the page when a template was rebuilt. */
function reloadScript(version: number): string {
  return `<script>(()=>{const v=${version};setInterval(async()=>{try{const r=await fetch('/__preview/version');if(Number(await r.text())!==v)location.reload()}catch{}},1000)})()</script>`;
}

function indexPage(config: Config, version: number): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const rows = config.reports
    .map((r) => {
      const base = `/reports/${encodeURIComponent(r.id)}`;
      return `<li><b>${esc(r.title)}</b> (${esc(r.id)}, ${r.cadence}): <a href="${base}?format=html">last period</a> · <a href="${base}?format=text">text</a> · <a href="${base}?format=json">snapshot</a>
<form action="${base}" style="display:inline"><input type="hidden" name="format" value="html"><input name="period" placeholder="2026-W46, this-week, 2026-11-02..2026-11-09"><button>preview</button></form></li>`;
    })
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>mux-qoe-reports preview</title></head><body style="font-family:system-ui;max-width:52rem;margin:2rem auto"><h1>Report preview</h1><ul>${rows}</ul><p>Any on-demand route works: <a href="/reports">/reports</a>, /reports/{id}?period=…&amp;format=html|text|json|eml, /live/{environment}.</p>${reloadScript(version)}</body></html>`;
}

/**
 * The body of a request the guard let through (`undefined` for GET/HEAD), or the refusal: too large, or a send the
 * preview cannot do (preview-guard.ts `unsendableChannels`).
 */
async function previewBody(req: http.IncomingMessage, url: URL, config: Config): Promise<string | undefined | Refusal> {
  const method = (req.method ?? 'GET').toUpperCase();
  if (method === 'GET' || method === 'HEAD') return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > PREVIEW_MAX_BODY_BYTES)
      return { status: 413, message: `body larger than ${PREVIEW_MAX_BODY_BYTES} bytes` };
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks).toString('utf8');
  const send = /^\/reports\/([^/]+)\/send$/.exec(url.pathname);
  if (send?.[1]) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body || '{}');
    } catch {
      return body; // the handler answers invalid JSON with its own 400
    }
    const id = send[1];
    const report = config.reports.find((r) => r.id === id || encodeURIComponent(r.id) === id);
    const refused = unsendableChannels(report, parsed);
    if (refused) return refused;
  }
  return body;
}

export async function startPreview(options: PreviewOptions = {}): Promise<Preview> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const config = loadConfig({ ...(options.configPath ? { path: options.configPath } : {}), env: {}, cwd: ROOT });
  const tokenId = env['MUX_TOKEN_ID']?.trim();
  const tokenSecret = env['MUX_TOKEN_SECRET']?.trim();
  const realMux = Boolean(tokenId && tokenSecret);
  const stage: Stage = await startStage({
    config,
    bucket: 'preview',
    // The send route works locally: email goes to the SES emulator, exactly-once to a local DynamoDB table.
    ses: true,
    table: 'preview-idempotency',
    fake: { host: LOCALHOST, regressions: DEMO_REGRESSIONS },
    ...(realMux
      ? {
          secrets: Object.fromEntries(
            config.environments.map((e) => [secretNameFor(e), JSON.stringify({ tokenId, tokenSecret })]),
          ),
        }
      : {}),
    settings: {
      logLevel: 'WARN',
      metricsDisabled: true,
      ...(realMux ? { mux: { baseUrl: env['MUX_BASE_URL']?.trim() || 'https://api.mux.com' } } : {}),
    },
  });
  log(
    realMux
      ? 'preview: real Mux Data API (token from MUX_TOKEN_ID)'
      : `preview: fake Mux Data API at ${stage.fake.url}`,
  );

  let version = 1;
  let child: ChildProcess | undefined;
  let ready: Promise<void> = Promise.resolve();
  let nextId = 1;
  const pending = new Map<number, (response: FunctionUrlResponse) => void>();

  const spawnWorker = () => {
    const proc = fork(WORKER, [], {
      env: stage.processEnv('on-demand'),
      execArgv: ['--import', 'tsx'],
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child = proc;
    ready = new Promise<void>((resolve, reject) => {
      proc.once('exit', (code) => reject(new Error(`preview handler exited (${code})`)));
      proc.on('message', (message: { ready?: boolean; id?: number; response?: FunctionUrlResponse }) => {
        if (message.ready) resolve();
        if (message.id !== undefined && message.response) {
          pending.get(message.id)?.(message.response);
          pending.delete(message.id);
        }
      });
    });
  };
  const stopWorker = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill();
    });
  };
  spawnWorker();
  await ready;

  const invoke = async (method: string, url: URL, body?: string): Promise<FunctionUrlResponse> => {
    await ready;
    const id = nextId++;
    const response = new Promise<FunctionUrlResponse>((resolve) => pending.set(id, resolve));
    const event = functionUrlEvent(method, url.pathname, url.search.slice(1));
    const withBody =
      body === undefined
        ? event
        : { ...event, body, headers: { ...(event['headers'] as object), 'content-type': 'application/json' } };
    child?.send({ id, event: withBody });
    return response;
  };

  let port = 0;
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://preview.local');
    const refused = refusal({ method: req.method ?? 'GET', headers: req.headers }, port);
    if (refused) {
      req.resume();
      res.writeHead(refused.status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${refused.message}\n`);
      return;
    }
    try {
      if (url.pathname === '/__preview/version') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end(String(version));
        return;
      }
      if (url.pathname === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(indexPage(config, version));
        return;
      }
      const body = await previewBody(req, url, config);
      if (typeof body === 'object') {
        res.writeHead(body.status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${body.message}\n`);
        return;
      }
      const answer = await invoke(req.method ?? 'GET', url, body);
      const html = String(answer.headers['content-type'] ?? '').startsWith('text/html');
      // The reload script goes at the very end, after </html>: browsers run it, the email itself is unchanged.
      res.writeHead(answer.statusCode, answer.headers).end(html ? answer.body + reloadScript(version) : answer.body);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(error instanceof Error ? error.message : String(error));
    }
  });
  const url = await listen(server, options.port ?? DEFAULT_PREVIEW_PORT).catch(async (error: unknown) => {
    await stopWorker();
    await stage.close();
    throw error;
  });
  port = (server.address() as { port: number }).port;

  const reload = async () => {
    const build = await import('../scripts/build-templates.js');
    const partial = build.sectionsPartial();
    if ((await readFile(build.SECTIONS_PARTIAL, 'utf8').catch(() => '')) !== partial) {
      await writeFile(build.SECTIONS_PARTIAL, partial);
    }
    await writeFile(build.GENERATED_FILE, build.generatedSource(await build.buildTemplates()));
    await stopWorker();
    spawnWorker();
    await ready;
    version++;
  };

  const watchers: FSWatcher[] = [];
  if (options.watch ?? true) {
    let timer: NodeJS.Timeout | undefined;
    let running = Promise.resolve();
    const onChange = (_event: string, file: string | null) => {
      if (!file?.endsWith('.mjml') || file.endsWith('sections.generated.mjml')) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        running = running.then(async () => {
          log(`preview: ${file} changed, rebuilding the templates`);
          await reload().catch((error: unknown) =>
            log(`preview: template build failed: ${error instanceof Error ? error.message : String(error)}`),
          );
        });
      }, DEBOUNCE_MS);
    };
    for (const dir of WATCHED) watchers.push(watch(dir, { recursive: true }, onChange));
  }
  log(`preview: ${url}/ (POST /reports/{id}/send emails the local SES: ${stage.aws.endpoints.ses}/)`);

  return {
    url,
    version: () => version,
    reload,
    async close() {
      for (const w of watchers) w.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stopWorker();
      await stage.close();
    },
  };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  // Flags, --help and startup errors: preview-cli.ts, which imports this module: so imported here, and not awaited
  // at the top level (this module must finish evaluating first, or the two wait for each other).
  void import('./preview-cli.js')
    .then((cli) => cli.runPreviewCli(process.argv.slice(2)))
    .then((code) => {
      process.exitCode = code;
    });
}

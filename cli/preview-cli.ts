/**
 * `npm run preview`'s command line (the server is cli/preview.ts): flags, `--help`, and startup failures as one line
 * and an exit code. A bad port, a port in use and an invalid configuration are found before the fake Mux, the
 * emulators and the handler process start.
 */
import http from 'node:http';
import path from 'node:path';
import { closeServer, listen } from '../support/http-server.js';
import { parseFlags, UsageError } from './args.js';
import { EXIT_OK, reportFailure } from './exit.js';
import { DEFAULT_PREVIEW_PORT, startPreview } from './preview.js';

export const PREVIEW_HELP = `Usage: npm run preview -- [--port <n>] [--config <file>]

Serves the on-demand API on http://127.0.0.1:<port>/ for template authors: an index of the configured reports,
each previewable as HTML, text, JSON or .eml for any period. Every request runs the real on-demand handler against
the embedded fake Mux Data API (or the real one with MUX_TOKEN_ID and MUX_TOKEN_SECRET set); editing a template
rebuilds the templates and reloads open pages. Stop it with Ctrl-C.

Options:
  -p, --port <n>         port on 127.0.0.1 (default ${DEFAULT_PREVIEW_PORT}; 0 = any free port)
  -c, --config <file>    config file (default ./reports.config.jsonc)
  -h, --help             show this help

Exit codes: 0 stopped, 1 could not start (port in use, invalid configuration), 2 bad usage.
`;

export interface PreviewArgs {
  port: number;
  /** Absolute; undefined = the repository's reports.config.jsonc. */
  configPath: string | undefined;
}

export function parsePreviewArgs(argv: readonly string[], cwd = process.cwd()): PreviewArgs | 'help' {
  const { values, positionals } = parseFlags(argv, {
    port: { type: 'string', short: 'p' },
    config: { type: 'string', short: 'c' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected arguments: ${positionals.join(' ')}`);
  const port = values.port === undefined ? DEFAULT_PREVIEW_PORT : Number(values.port.trim());
  if (values.port !== undefined && (!/^\d+$/.test(values.port.trim()) || port > 65_535)) {
    throw new UsageError(`--port must be a whole number from 0 to 65535, got "${values.port}"`);
  }
  const config = values.config?.trim();
  if (config === '') throw new UsageError('--config must not be empty');
  return { port, configPath: config === undefined ? undefined : path.resolve(cwd, config) };
}

/** Sets up the preview and leaves it running (Ctrl-C stops it); resolves to the exit code when it cannot start. */
export async function runPreviewCli(
  argv: readonly string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = process,
): Promise<number> {
  try {
    const args = parsePreviewArgs(argv);
    if (args === 'help') {
      io.stdout.write(PREVIEW_HELP);
      return EXIT_OK;
    }
    // A port in use is known in a millisecond here, rather than after the stage has started (seconds).
    if (args.port !== 0) {
      const probe = http.createServer();
      await listen(probe, args.port);
      await closeServer(probe);
    }
    const preview = await startPreview({
      port: args.port,
      ...(args.configPath ? { configPath: args.configPath } : {}),
    });
    const stop = () => {
      void preview.close().then(() => process.exit(EXIT_OK));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return EXIT_OK;
  } catch (error) {
    return reportFailure('preview', error, io.stderr);
  }
}

/**
 * `npm run query -- "<SQL>"`: SQL over the local archive with embedded DuckDB, through the view
 * `mux_qoe_reports.snapshots` (the Glue table's name and columns, cli/query-view.ts). See docs/cli.md.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { cpLength, jsonText, padEnd, padStart, terminalLine, terminalText } from '../functions/commons/format/index.js';
import { parseFlags, UsageError } from './args.js';
import { EXIT_FAILED, EXIT_OK, reportFailure } from './exit.js';
import { processIo } from './main.js';
import { viewStatements } from './query-view.js';
import { type CliIo, DEFAULT_ARCHIVE_DIR, displayPath, resolveArchiveDir } from './run.js';

export const QUERY_HELP = `Usage: npm run query -- "<SQL>" [--archive DIR] [--json]

Runs SQL over the local archive (${DEFAULT_ARCHIVE_DIR}/, written by npm run demo, report and backfill) with
embedded DuckDB. The view mux_qoe_reports.snapshots (also just "snapshots") has the Glue table's columns, so the
Athena queries of the README and docs/deploy.md run unchanged, e.g.

  npm run query -- "SELECT dt, s.value * 100 AS overall_score FROM mux_qoe_reports.snapshots
                    CROSS JOIN UNNEST(scores.items) AS t(s)
                    WHERE report = 'weekly-qoe' AND s.metric = 'viewer_experience_score' ORDER BY dt"

Options:
      --archive <dir>    the local archive (default ${DEFAULT_ARCHIVE_DIR}/)
      --json             one JSON object per row instead of a table
  -h, --help             show this help

Exit codes: 0 done, 1 the query failed, 2 bad usage.
`;

export interface QueryResult {
  columns: string[];
  rows: Record<string, unknown>[];
}

/** Every snapshot.json under the archive's snapshots/ folder (no files → null). */
async function snapshotGlob(archiveDir: string): Promise<string | null> {
  const root = path.join(archiveDir, 'snapshots');
  const found = await readdir(root, { recursive: true }).catch(() => [] as string[]);
  return found.some((f) => f.endsWith(`${path.sep}snapshot.json`) || f === 'snapshot.json')
    ? path.join(root, '**', 'snapshot.json')
    : null;
}

/** Runs one SQL text (several statements: the last one's rows) over the archive. */
export async function queryArchive(archiveDir: string, sql: string): Promise<QueryResult> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    for (const statement of viewStatements(await snapshotGlob(archiveDir))) await connection.run(statement);
    const reader = await connection.runAndReadAll(sql);
    return { columns: reader.columnNames(), rows: reader.getRowObjectsJson() as Record<string, unknown>[] };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** A cell as the terminal may show it: archived values came from Mux (format/encode.ts). */
const cell = (v: unknown): string =>
  v === null || v === undefined ? 'NULL' : typeof v === 'object' ? jsonText(v) : terminalLine(String(v));

/** A plain table: numbers right-aligned, then the row count. */
export function formatTable(result: QueryResult): string[] {
  const cells = result.rows.map((r) => result.columns.map((c) => cell(r[c])));
  const widths = result.columns.map((c, i) => Math.max(cpLength(c), ...cells.map((r) => cpLength(r[i]!))));
  const numeric = result.columns.map((c) =>
    result.rows.every((r) => r[c] === null || typeof r[c] === 'number' || /^-?\d+$/.test(String(r[c]))),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) => (numeric[i] ? padStart(v, widths[i]!) : padEnd(v, widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    line(result.columns),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.map(line),
    `(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`,
  ];
}

export async function runQueryCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseFlags(argv, {
      archive: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      io.stdout.write(QUERY_HELP);
      return EXIT_OK;
    }
    const sql = positionals.join(' ').trim();
    if (!sql) throw new UsageError('give the SQL as one argument: npm run query -- "SELECT …"');
    const archiveDir = resolveArchiveDir({ archiveDir: values.archive?.trim() || null }, io);
    // A mistyped folder would otherwise answer "(0 rows)", as if the archive had no matching snapshot.
    const kind = await stat(archiveDir).then(
      (s) => (s.isDirectory() ? 'folder' : 'file'),
      () => 'missing',
    );
    if (kind !== 'folder') {
      const what = `${displayPath(archiveDir, io.cwd)} ${kind === 'file' ? 'is a file, not a folder' : 'does not exist'}`;
      if (values.archive !== undefined) throw new UsageError(`--archive ${what}`);
      throw new Error(`no archive: ${what} (npm run demo, report and backfill write it, or give --archive <dir>)`);
    }
    let result: QueryResult;
    try {
      result = await queryArchive(archiveDir, sql);
    } catch (error) {
      io.stderr.write(
        terminalText(
          `query: failed over ${displayPath(archiveDir, io.cwd)}/: ${error instanceof Error ? error.message : String(error)}\n`,
        ),
      );
      return EXIT_FAILED;
    }
    const lines = values.json ? result.rows.map((r) => jsonText(r)) : formatTable(result);
    io.stdout.write(terminalText(`${lines.join('\n')}\n`));
    return EXIT_OK;
  } catch (error) {
    return reportFailure('query', error, io.stderr);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await runQueryCli(process.argv.slice(2), processIo());
}

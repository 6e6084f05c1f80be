/**
 * `npm run query`: DuckDB over a local archive through `mux_qoe_reports.snapshots`. The Athena queries of the
 * README and docs/deploy.md are read from those files and run as written; the one documented difference is the
 * clock: the test replaces `current_date` by 2026-12-01 so it never depends on the wall clock.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryArchive, runQueryCli } from '../../cli/query.js';
import { LocalSnapshotStore } from '../../functions/commons/report/snapshot-store-local.js';
import { SNAPSHOT_COLUMNS } from '../../infra/constructs/snapshot-table.js';
import { archivedSnapshot, fillArchive, goldenSnapshot, weeks } from '../../support/archive-fixture.js';
import { memoryIo } from '../helpers/memory-io.js';

/** Every ```sql block of a Markdown file, in order. */
async function sqlBlocks(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  return [...text.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]!);
}
const pinClock = (sql: string): string => sql.replace(/\bcurrent_date\b/g, "DATE '2026-12-01'");

/** Four weeks of September 2026, the overall score 0.80, 0.81, … and views 1000, 1100, … */
const WEEKS = weeks('2026-09-28', 4);
const values = (i: number) => ({ score: 0.8 + i / 100, views: 1000 + 100 * i, startupMs: 1200 });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'query-'));
  const store = new LocalSnapshotStore(dir);
  const written = await fillArchive(store, WEEKS, values);
  // The same report fanned out to two segments, with far lower scores: the `snapshots` view (and so every query
  // below) must not count them, as Athena's `snapshots` table does not; `segment_snapshots` holds them.
  for (const value of ['acme', 'globex corp']) {
    for (const [i, period] of WEEKS.entries()) {
      const snapshot = archivedSnapshot(period, { ...values(i), score: 0.1 });
      snapshot.report.segment = { dimension: 'sub_property_id', value };
      await store.put(snapshot);
    }
  }
  // One week was partial (a run too soon after its end): the coverage query finds it.
  const partial = written[1]!;
  const file = partial.archiveLocation!;
  const json = JSON.parse(await readFile(file, 'utf8'));
  json.coverage.partial = true;
  await writeFile(file, `${JSON.stringify(json)}\n`);
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the DuckDB view', () => {
  it('has the Glue table columns, then the partition columns from the key', async () => {
    const r = await queryArchive(dir, 'DESCRIBE mux_qoe_reports.snapshots');
    expect(r.rows.map((row) => row['column_name'])).toEqual([
      ...SNAPSHOT_COLUMNS.map((c) => c.name),
      'report',
      'cadence',
      'dt',
    ]);
    const count = await queryArchive(dir, 'SELECT report, cadence, count(*) AS n FROM snapshots GROUP BY ALL');
    expect(count.rows).toEqual([{ report: 'weekly-qoe', cadence: 'weekly', n: '4' }]);
  });

  it("keeps fan-out segment snapshots out of the report rows (Athena's two tables): avg(overall) counts only the report", async () => {
    const avg = await queryArchive(
      dir,
      `SELECT count(*) AS n, round(avg(s.value), 4) AS overall FROM snapshots CROSS JOIN UNNEST(scores.items) AS t(s)
       WHERE report = 'weekly-qoe' AND s.metric = 'viewer_experience_score'`,
    );
    expect(avg.rows).toEqual([{ n: '4', overall: 0.815 }]);
    const segments = await queryArchive(
      dir,
      `SELECT segment, count(*) AS n, round(avg(s.value), 4) AS overall
       FROM mux_qoe_reports.segment_snapshots CROSS JOIN UNNEST(scores.items) AS t(s)
       WHERE report = 'weekly-qoe' AND s.metric = 'viewer_experience_score' GROUP BY ALL ORDER BY segment`,
    );
    expect(segments.rows).toEqual([
      { segment: 'acme', n: '4', overall: 0.1 },
      { segment: 'globex%20corp', n: '4', overall: 0.1 },
    ]);
    const columns = await queryArchive(dir, 'DESCRIBE mux_qoe_reports.segment_snapshots');
    expect(columns.rows.map((row) => row['column_name']).slice(-4)).toEqual(['report', 'segment', 'cadence', 'dt']);
  });

  it('an empty archive is an empty view, not an error', async () => {
    const r = await queryArchive(
      path.join(dir, 'nothing-here'),
      'SELECT count(*) AS n, max(report_info.id) AS id FROM snapshots',
    );
    expect(r.rows).toEqual([{ n: '0', id: null }]);
  });
});

describe('the README and docs/deploy.md Athena queries, unchanged', () => {
  it('README: the overall score week by week', async () => {
    const [sql] = await sqlBlocks('README.md');
    const r = await queryArchive(dir, sql!);
    expect(r.columns).toEqual(['dt', 'overall_score']);
    expect(r.rows.map((row) => [row['dt'], Math.round(Number(row['overall_score']) * 1000) / 1000])).toEqual([
      ['2026-09-07', 80],
      ['2026-09-14', 81],
      ['2026-09-21', 82],
      ['2026-09-28', 83],
    ]);
  });

  it('deploy.md: the score over 6 months, with the previous week and views (date_add, date_format)', async () => {
    const [sql] = await sqlBlocks('docs/deploy.md');
    const r = await queryArchive(dir, pinClock(sql!));
    expect(r.columns).toEqual(['dt', 'label', 'viewer_experience_score', 'previous_week', 'views']);
    const golden = goldenSnapshot().scores.items[0]!;
    expect(r.rows).toEqual(
      WEEKS.map((w, i) => ({
        dt: w.start.slice(0, 10),
        label: w.label,
        viewer_experience_score: Math.round((80 + i) * 10) / 10,
        previous_week: Math.round(golden.previous! * 1000) / 10,
        views: String(1000 + 100 * i),
      })),
    );
  });

  it('deploy.md: periods that were partial or not exactly the local period (from_unixtime)', async () => {
    const [, sql] = await sqlBlocks('docs/deploy.md');
    const r = await queryArchive(dir, sql!);
    const covered = goldenSnapshot().coverage!.period.covered;
    expect(r.rows).toEqual([
      {
        dt: '2026-09-14',
        label: 'week of 14 Sep 2026',
        cause: 'none',
        partial: true,
        covered_from: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/),
        covered_to: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/),
      },
    ]);
    expect(covered.startEpoch).toBeTypeOf('number');
  });

  it('deploy.md: worst countries over a quarter, view-weighted', async () => {
    const [, , sql] = await sqlBlocks('docs/deploy.md');
    const r = await queryArchive(dir, sql!);
    // Every week holds the golden breakdown: the weighted score is the golden's, the views four times its own.
    const expected = goldenSnapshot()
      .breakdowns.items.filter((b) => b.dimension === 'country')
      .flatMap((b) =>
        b.rows
          .filter((row) => !row.isOther && row.value !== null && row.views * 4 >= 1000)
          .map((row) => ({
            country: row.field,
            metric: b.metric,
            views: String(row.views * 4),
            weighted_score: Math.round(row.value! * 1000) / 10,
          })),
      )
      .sort((a, b) => a.weighted_score - b.weighted_score)
      .slice(0, 10);
    expect(expected.length).toBeGreaterThan(2);
    expect(r.rows).toEqual(expected);
  });
});

describe('npm run query', () => {
  it('prints a table and the row count; a bad query exits 1 naming DuckDB’s error', async () => {
    const io = memoryIo({ cwd: dir });
    expect(await runQueryCli(['--archive', '.', 'SELECT dt FROM snapshots ORDER BY dt LIMIT 2'], io)).toBe(0);
    expect(io.stdout.text()).toBe('dt\n----------\n2026-09-07\n2026-09-14\n(2 rows)\n');
    expect(await runQueryCli(['--archive', '.', 'SELECT nope FROM snapshots'], io)).toBe(1);
    expect(io.stderr.text()).toMatch(/^query: failed over \/.+\/: Binder Error: Referenced column "nope" not found/);
  });
});

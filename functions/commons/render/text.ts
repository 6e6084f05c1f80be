/**
 * The plain-text part, laid out from the same view-model as the HTML (not converted from it): same
 * sections, same order, same strings. Columns are padded by code points, lines stay within 78
 * characters except for URLs (never broken, so they stay clickable); bars are drawn with "█".
 * No colour here, so deltas spell out "better"/"worse" next to their arrow.
 */
import { cpLength, padEnd, padStart, wrap } from '../format/index.js';
import type { BarRowVM, DeltaVM, MetricVM, ViewModel } from './view-model.js';

const WIDTH = 78;
const BAR = 20;
const GAP = '  ';

type Align = 'l' | 'r';

function deltaText(d: DeltaVM): string {
  return d.verdict === 'better' || d.verdict === 'worse' ? `${d.text} ${d.verdict}` : d.text;
}

/**
 * A text table whose first column takes the room the others leave. A first cell too long for its
 * column goes on lines of its own above the row instead of being cut.
 */
function table(head: string[], rows: string[][], align: Align[]): string[] {
  const n = head.length;
  const widths = head.map((h, i) => Math.max(cpLength(h), ...rows.map((r) => cpLength(r[i] ?? ''))));
  const others = widths.slice(1).reduce((a, w) => a + w + GAP.length, 0);
  widths[0] = Math.max(8, Math.min(widths[0]!, WIDTH - others));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (align[i] === 'r' ? padStart(c, widths[i]!) : i === n - 1 ? c : padEnd(c, widths[i]!)))
      .join(GAP)
      .trimEnd();
  const out = [line(head), line(head.map((_, i) => '-'.repeat(widths[i]!)))];
  for (const r of rows) {
    const first = r[0] ?? '';
    if (cpLength(first) > widths[0]!) {
      out.push(...wrap(first, WIDTH, '  '));
      out.push(line(['', ...r.slice(1)]));
    } else out.push(line(r));
  }
  return out;
}

function bar(width: number | null): string {
  if (width === null) return '(no data)';
  const cells = width > 0 ? Math.max(1, Math.round((width / 100) * BAR)) : 0;
  return '█'.repeat(cells);
}

function barTable(head: string[], rows: BarRowVM[], valueFirst: boolean): string[] {
  return table(
    head,
    rows.map((r) =>
      valueFirst ? [r.label, bar(r.width), r.value, r.aside] : [r.label, bar(r.width), r.aside, r.value],
    ),
    ['l', 'l', 'r', 'r'],
  );
}

function heading(title: string): string[] {
  return ['', title.toUpperCase(), '='.repeat(Math.min(WIDTH, cpLength(title)))];
}

function metricsTable(items: MetricVM[]): string[] {
  return table(
    ['Metric', 'Value', 'Before', 'Change'],
    items.map((m) => [m.label, m.value, m.previous, deltaText(m.delta)]),
    ['l', 'r', 'r', 'l'],
  );
}

export function renderText(vm: ViewModel): string {
  const out: string[] = [];
  const para = (s: string, indent = ''): void => {
    out.push(...wrap(s, WIDTH, indent));
  };
  const link = (url: string | null): void => {
    if (url) out.push(`  ${url}`);
  };

  para(vm.reportTitle);
  para(vm.kicker);
  para(`${vm.period} · ${vm.periodRange} (${vm.timeZone})`);
  if (vm.partialNote) {
    out.push('');
    para(`! ${vm.partialNote}`, '  ');
  }
  out.push('');
  para(vm.headline);

  if (!vm.hasViews) {
    out.push(...heading('No views in this period'));
    para(
      `Mux recorded no video views for this report in the period ${vm.periodRange} (${vm.timeZone}), so there is nothing to score this time.`,
    );
    para(
      `If you expected views, check that the players send data to the ${vm.environment} environment and that the report's filters match them.`,
    );
  }

  const s1 = vm.scores;
  if (s1) {
    out.push(...heading(s1.title));
    if (s1.partial) para(s1.partial);
    if (s1.unavailable) para(s1.unavailable);
    else {
      if (s1.overall) {
        const o = s1.overall;
        para(`${o.label}: ${o.value} / 100`);
        para(`${deltaText(o.delta)} ${vm.comparedWith}${o.global ? ` · Mux global ${o.global}` : ''}`);
        out.push('');
      }
      if (s1.subScores.length > 0) {
        out.push(
          ...table(
            ['Score', 'Value', 'Change', 'Mux global'],
            s1.subScores.map((m) => [m.label, m.value, deltaText(m.delta), m.global ?? 'N/A']),
            ['l', 'r', 'l', 'r'],
          ),
        );
      }
    }
  }

  const vol = vm.volume;
  if (vol) {
    out.push(...heading(vol.title));
    if (vol.unavailable) para(vol.unavailable);
    else {
      out.push(...metricsTable(vol.items));
    }
  }

  const km = vm.keyMetrics;
  if (km) {
    out.push(...heading(km.title));
    if (km.unavailable) para(km.unavailable);
    else {
      out.push(...metricsTable(km.items));
      para(`"Before" is ${vm.previousPeriod}.`);
    }
  }

  const ins = vm.insights;
  if (ins) {
    out.push(...heading(ins.title));
    if (ins.unavailable) para(ins.unavailable);
    else if (ins.items.length === 0) para(ins.empty);
    else
      ins.items.forEach((x, i) => {
        para(`${i + 1}. ${x.segment}: ${x.metric} ${x.value} (${x.views})`, '   ');
        link(x.url);
      });
  }

  const inc = vm.incidents;
  if (inc) {
    out.push(...heading(inc.title));
    if (inc.unavailable) para(inc.unavailable);
    else {
      para(inc.summary);
      for (const x of inc.items) {
        out.push('');
        para(`[${x.severity}] ${x.description}`, '  ');
        para(`  ${x.state} · started ${x.started} · affected views: ${x.affectedViews}`, '  ');
        link(x.url);
      }
    }
  }

  const err = vm.errors;
  if (err) {
    out.push(...heading(err.title));
    if (err.unavailable) para(err.unavailable);
    else if (err.items.length === 0) para(err.empty);
    else {
      para(err.summary);
      out.push(
        ...table(
          ['Error', 'Views', 'Share', 'Change'],
          err.items.map((e) => [e.label, e.views, e.share, deltaText(e.delta)]),
          ['l', 'r', 'r', 'l'],
        ),
      );
    }
  }

  const bd = vm.breakdowns;
  if (bd) {
    out.push(...heading(bd.title));
    if (bd.partial) para(bd.partial);
    if (bd.unavailable) para(bd.unavailable);
    else if (bd.items.length === 0) para(bd.empty);
    else
      for (const b of bd.items) {
        out.push('');
        para(b.title);
        para(b.caption);
        out.push(...barTable(['Segment', 'Views', 'Share', b.valueHeader], b.rows, false));
      }
  }

  const tr = vm.trend;
  if (tr) {
    out.push(...heading(tr.title));
    if (tr.unavailable) para(tr.unavailable);
    else if (tr.rows.length === 0) para(tr.empty);
    else {
      para(tr.caption);
      out.push(...barTable(['When', '', tr.valueHeader, 'Views'], tr.rows, true));
    }
  }

  const fv = vm.failedViews;
  if (fv) {
    out.push(...heading(fv.title));
    if (fv.unavailable) para(fv.unavailable);
    else if (fv.items.length === 0) para(fv.empty);
    else {
      para(fv.summary);
      fv.items.forEach((v, i) => {
        out.push('');
        para(`${i + 1}. ${v.title}`, '   ');
        if (v.details) para(`   ${v.details}`, '   ');
        if (v.error) para(`   Error: ${v.error}`, '   ');
        if (v.url) out.push(`   ${v.url}`);
      });
    }
  }

  out.push('', '-'.repeat(WIDTH));
  para(`Period: ${vm.period} · ${vm.periodRange} (${vm.timeZone}).`);
  if (vm.coverageNote) para(vm.coverageNote);
  if (vm.previousNote) para(vm.previousNote);
  para(`Generated ${vm.generatedAt} (${vm.timeZone}).`);
  if (vm.archiveLocation) {
    out.push('Snapshot archived at:');
    out.push(`  ${vm.archiveLocation}`);
  }
  para(`${vm.whyNote} Report id: ${vm.reportId}, Mux environment: ${vm.environment}.`);
  if (vm.dashboardUrl) out.push(`Mux dashboard: ${vm.dashboardUrl}`);
  return `${out.join('\n')}\n`;
}

/** Exported for tests: the widest line that is not a URL. */
export function widestTextLine(text: string): number {
  return Math.max(
    0,
    ...text
      .split('\n')
      .filter((l) => !/https?:\/\/|s3:\/\//.test(l))
      .map(cpLength),
  );
}

/**
 * The building blocks of the sections' plain-text parts, laid out from the same view-models as the HTML (not
 * converted from it): columns padded by code points, lines within WIDTH characters except URLs (never broken, so
 * they stay clickable), bars drawn with "█". No colour here, so deltas spell out "better"/"worse" next to their
 * arrow.
 */
import { cpLength, padEnd, padStart, wrap } from '../format/index.js';
import type { BarRowVM, DeltaVM, MetricVM, SectionVM } from './view-kit.js';

export const WIDTH = 78;
const BAR = 20;
const GAP = '  ';

type Align = 'l' | 'r';

/** The lines of the text part, written in order. */
export class TextOut {
  readonly lines: string[] = [];

  /** Raw lines, as they are. */
  push(...lines: string[]): void {
    this.lines.push(...lines);
  }

  /** A paragraph wrapped to WIDTH; lines after the first get `indent`. */
  para(s: string, indent = ''): void {
    this.lines.push(...wrap(s, WIDTH, indent));
  }

  /** An indented URL on its own line (never wrapped). */
  link(url: string | null): void {
    if (url) this.lines.push(`  ${url}`);
  }

  heading(title: string): void {
    this.lines.push('', title.toUpperCase(), '='.repeat(Math.min(WIDTH, cpLength(title))));
  }

  /**
   * A section's heading, then the one line that stands for its body when it is unavailable or has nothing to show
   * (`empty`, null when it has something); true when the caller writes the body. `partial` writes the section's
   * "partly unavailable" line first.
   */
  section(s: SectionVM, opts: { empty?: string | null; partial?: boolean } = {}): boolean {
    this.heading(s.title);
    if (opts.partial && s.partial) this.para(s.partial);
    const instead = s.unavailable ?? opts.empty ?? null;
    if (instead !== null) this.para(instead);
    return instead === null;
  }
}

export function deltaText(d: DeltaVM): string {
  return d.verdict === 'better' || d.verdict === 'worse' ? `${d.text} ${d.verdict}` : d.text;
}

/**
 * A text table whose first column takes the room the others leave. A first cell too long for its
 * column goes on lines of its own above the row instead of being cut.
 */
export function table(head: string[], rows: string[][], align: Align[]): string[] {
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

export function barTable(head: string[], rows: BarRowVM[], valueFirst: boolean): string[] {
  return table(
    head,
    rows.map((r) =>
      valueFirst ? [r.label, bar(r.width), r.value, r.aside] : [r.label, bar(r.width), r.aside, r.value],
    ),
    ['l', 'l', 'r', 'r'],
  );
}

export function metricsTable(items: MetricVM[]): string[] {
  return table(
    ['Metric', 'Value', 'Before', 'Change'],
    items.map((m) => [m.label, m.value, m.previous, deltaText(m.delta)]),
    ['l', 'r', 'r', 'l'],
  );
}

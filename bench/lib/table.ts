/** Plain-text table for the terminal (no colours: the output is also pasted into issues and READMEs). */
import type { Row } from './budget.js';

const HEADERS = ['measure', 'value', 'budget', 'status', 'notes'] as const;

function cells(row: Row): string[] {
  return [row.measure, row.display, row.budget?.label ?? '', row.status, row.notes];
}

/** Left-aligned columns separated by two spaces; the notes column is last so long notes don't push others. */
export function formatTable(rows: readonly Row[]): string {
  const table = [HEADERS.slice() as string[], ...rows.map(cells)];
  const widths = HEADERS.map((_, col) =>
    col === HEADERS.length - 1 ? 0 : Math.max(...table.map((r) => [...(r[col] ?? '')].length)),
  );
  const line = (r: string[]) =>
    r
      .map((cell, col) => (col === HEADERS.length - 1 ? cell : cell + ' '.repeat(widths[col]! - [...cell].length)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w, col) => '-'.repeat(col === HEADERS.length - 1 ? 5 : w)).join('  ');
  return [line(table[0]!), rule, ...table.slice(1).map(line)].join('\n');
}

/** Markdown table of the same rows (for bench/README.md). */
export function formatMarkdown(rows: readonly Row[]): string {
  const esc = (s: string) => s.replaceAll('|', '\\|');
  const out = [`| ${HEADERS.join(' | ')} |`, `| ${HEADERS.map(() => '---').join(' | ')} |`];
  for (const r of rows) out.push(`| ${cells(r).map(esc).join(' | ')} |`);
  return out.join('\n');
}

/** The loud summary printed after the table. */
export function verdict(rows: readonly Row[]): string {
  const over = rows.filter((r) => r.status === 'OVER' || r.status === 'FAIL');
  if (over.length === 0) return 'All budgets met.';
  const lines = over.map(
    (r) => `  !! ${r.status} ${r.measure}: ${r.display}${r.budget ? ` (budget ${r.budget.label})` : ''} ${r.notes}`,
  );
  return [`!!! OVER BUDGET OR FAILED: ${over.length} measure(s) !!!`, ...lines].join('\n');
}

/** What one doctor check found: a status, what it means, and how to fix it. */
export type Status = 'ok' | 'warn' | 'fail' | 'skip';

export interface Finding {
  /** The check's short name (`config`, `ses-sender`, …), the same in `--help` and the summary. */
  check: string;
  status: Status;
  message: string;
  /** What to do about a `warn` or `fail` (one or more lines). */
  fix?: string;
  /** Extra lines shown under the message (e.g. the next run times). */
  details?: string[];
}

const MARK: Record<Status, string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL', skip: 'skip' };

export function formatFinding(f: Finding): string {
  const lines = [`${MARK[f.status]} ${f.check}: ${f.message}`];
  for (const d of f.details ?? []) lines.push(`       ${d}`);
  if (f.fix && (f.status === 'warn' || f.status === 'fail')) {
    for (const [i, line] of f.fix.split('\n').entries()) lines.push(`${i === 0 ? '     fix: ' : '          '}${line}`);
  }
  return `${lines.join('\n')}\n`;
}

export function summary(findings: readonly Finding[]): { line: string; failed: boolean } {
  const count = (s: Status) => findings.filter((f) => f.status === s).length;
  const failed = count('fail');
  const parts = [`${count('ok')} ok`, `${count('warn')} warning${count('warn') === 1 ? '' : 's'}`, `${failed} failed`];
  if (count('skip') > 0) parts.push(`${count('skip')} skipped`);
  const verdict =
    failed > 0
      ? 'something would fail: fix the FAIL lines above, then run npm run doctor again'
      : count('warn') > 0
        ? 'nothing would fail; read the warnings'
        : 'ready';
  return { line: `doctor: ${parts.join(', ')}: ${verdict}`, failed: failed > 0 };
}

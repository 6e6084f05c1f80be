/**
 * The one-line headline used as subject / preheader:
 *   "Viewer experience 82 (+3 vs last week, Mux global 79) — week of 16 Nov 2026"
 *   "Viewer experience 82 (Mux global 79) — week of 16 Nov 2026"   (no previous value)
 *   "No views — week of 16 Nov 2026"                                (empty period)
 */
import type { MetricValue, PeriodJson } from './snapshot-schema.js';

const VS: Record<PeriodJson['cadence'], string> = {
  daily: 'vs previous day',
  weekly: 'vs last week',
  monthly: 'vs previous month',
  custom: 'vs previous period',
};

export function headlineText(opts: { overall: MetricValue | null; period: PeriodJson; hasViews: boolean }): string {
  const suffix = ` — ${opts.period.label}`;
  const o = opts.overall;
  if (!opts.hasViews || !o || o.value === null) return `No views${suffix}`;
  const parts: string[] = [];
  if (o.deltaAbsolute !== null) parts.push(`${o.deltaDisplay} ${VS[opts.period.cadence]}`);
  if (o.globalDisplay !== null) parts.push(`Mux global ${o.globalDisplay}`);
  const paren = parts.length > 0 ? ` (${parts.join(', ')})` : '';
  return `Viewer experience ${o.display}${paren}${suffix}`;
}

/**
 * One row of the benchmark table and how it is judged against its budget.
 * OK / OVER compare a value with a maximum; INFO rows are context (baselines, raw sizes); SKIP rows
 * say why something could not be measured (e.g. a placeholder handler) instead of silently vanishing;
 * FAIL rows are measurements that broke (a real handler that errored) and count like OVER.
 */

export type Status = 'OK' | 'OVER' | 'INFO' | 'SKIP' | 'FAIL';

export interface Budget {
  /** The value must be ≤ max. */
  max: number;
  /** How the budget reads in the table, e.g. "≤ 2.5× bare". */
  label: string;
}

export interface Row {
  /** Stable key for results.json consumers, e.g. `cold-start.on-demand.ratio`. */
  id: string;
  measure: string;
  /** The number compared with the budget (null when skipped). */
  value: number | null;
  unit: string;
  /** How the value reads in the table. */
  display: string;
  budget: Budget | null;
  status: Status;
  notes: string;
}

export function judge(value: number | null, budget: Budget | null): Status {
  if (value === null || Number.isNaN(value)) return 'SKIP';
  if (!budget) return 'INFO';
  return value <= budget.max ? 'OK' : 'OVER';
}

export interface RowInput {
  id: string;
  measure: string;
  value: number | null;
  unit: string;
  /** Default: value + unit. */
  display?: string;
  budget?: Budget | null;
  notes?: string;
  /** Force a status (e.g. SKIP with a reason while a value exists). */
  status?: Status;
}

export function row(input: RowInput): Row {
  const budget = input.budget ?? null;
  const display =
    input.display ?? (input.value === null ? '—' : `${formatNumber(input.value)}${input.unit ? ` ${input.unit}` : ''}`);
  return {
    id: input.id,
    measure: input.measure,
    value: input.value,
    unit: input.unit,
    display,
    budget,
    status: input.status ?? judge(input.value, budget),
    notes: input.notes ?? '',
  };
}

/** Rows that broke their budget. */
export const overBudget = (rows: readonly Row[]): Row[] =>
  rows.filter((r) => r.status === 'OVER' || r.status === 'FAIL');

/** Exit code of the bench: 0 unless `strict` and something is over budget. */
export const exitCode = (rows: readonly Row[], strict: boolean): number =>
  strict && overBudget(rows).length > 0 ? 1 : 0;

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 100 || Number.isInteger(value)) return String(Math.round(value));
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export const KIB = 1024;
export const kib = (bytes: number): number => bytes / KIB;

/** Keeps the "latest figures" block of bench/README.md in step with the last full run. */
import type { Row } from './budget.js';
import type { MachineFacts } from './machine.js';
import { formatMarkdown } from './table.js';

export const START = '<!-- bench:figures:start -->';
export const END = '<!-- bench:figures:end -->';

export function figuresBlock(rows: readonly Row[], machine: MachineFacts, command: string, durationS: number): string {
  return [
    START,
    `Measured ${machine.date.slice(0, 16).replace('T', ' ')} UTC with \`${command}\` (${durationS} s) on ${machine.cpuModel}, ` +
      `${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}; ` +
      `load average at start ${machine.loadAverage.join(' / ')}.`,
    '',
    formatMarkdown(rows),
    END,
  ].join('\n');
}

/** `readme` with the block between the markers replaced (unchanged when the markers are missing). */
export function replaceFigures(readme: string, block: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) return readme;
  return readme.slice(0, a) + block + readme.slice(b + END.length);
}

/**
 * The plain-text part, laid out from the same view-model as the HTML (not converted from it): same
 * sections, same order, same strings. The header and the footer are written here; each section writes
 * itself (sections/<id>/text.ts, in registry order). Layout rules: sections/text-kit.ts.
 */
import { cpLength } from '../format/index.js';
import { sectionsText } from '../sections/registry.js';
import { TextOut, WIDTH } from '../sections/text-kit.js';
import type { ViewModel } from './view-model.js';

export function renderText(vm: ViewModel): string {
  const out = new TextOut();
  const para = (s: string, indent = ''): void => out.para(s, indent);

  para(vm.reportTitle);
  para(vm.kicker);
  para(`${vm.period} · ${vm.periodRange} (${vm.timeZone})`);
  if (vm.scorecardNote) {
    out.push('');
    para(vm.scorecardNote);
  }
  if (vm.partialNote) {
    out.push('');
    para(`! ${vm.partialNote}`, '  ');
  }
  out.push('');
  para(vm.headline);

  if (!vm.hasViews) {
    out.heading('No views in this period');
    para(
      `Mux recorded no video views for this report in the period ${vm.periodRange} (${vm.timeZone}), so there is nothing to score this time.`,
    );
    para(
      `If you expected views, check that the players send data to the ${vm.environment} environment and that the report's filters match them.`,
    );
  }

  sectionsText(vm, out, vm);

  out.push('', '-'.repeat(WIDTH));
  para(`Period: ${vm.period} · ${vm.periodRange} (${vm.timeZone}).`);
  if (vm.coverageNote) para(vm.coverageNote);
  if (vm.previousNote) para(vm.previousNote);
  para(`Generated ${vm.generatedAt} (${vm.timeZone}).`);
  if (vm.archiveLocation) {
    out.push('Snapshot archived at:');
    out.push(`  ${vm.archiveLocation}`);
  }
  if (vm.personalNote) {
    para(vm.personalNote.text);
    para('To stop receiving it, unsubscribe (one click; the others on the list keep receiving it):');
    out.push(`  ${vm.personalNote.unsubscribeUrl}`);
  }
  para(`${vm.whyNote} Report id: ${vm.reportId}, Mux environment: ${vm.environment}.`);
  if (vm.dashboardUrl) out.push(`Mux dashboard: ${vm.dashboardUrl}`);
  return `${out.lines.join('\n')}\n`;
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

/**
 * Run-time half of the template pipeline: the MJML output compiled at build time (with Eta tags) is
 * compiled ONCE per cold start into a JS function and then only called. `eta/core` has no filesystem
 * code, so nothing here reads templates from disk.
 *
 * autoEscape: every `<%= %>` is XML-escaped (& < > " '), which also makes it safe inside quoted
 * attributes, and keeps numbers with their units whole (keep-whole.ts). The templates never use raw output (`<%~ %>`). Values are inserted once and never
 * parsed as templates again, so Eta tags inside Mux strings are plain text.
 */
import { Eta } from 'eta/core';
import { COLUMN_CHART_PARTIAL } from './column-chart.js';
import { compactHtml } from './compact-html.js';
import { REPORT_HTML_TEMPLATE } from './compiled-templates.generated.js';
import { encodeHtml } from './keep-whole.js';
import type { ViewModel } from './view-model.js';

/** The configuration the build-time equivalence test must use too. */
export const ETA_OPTIONS = {
  autoEscape: true,
  escapeFunction: encodeHtml,
  useWith: false,
  varName: 'it',
  cache: false,
  autoTrim: false,
} as const;

/** An Eta with the email's shared partials (the column chart); the equivalence test builds its own the same way. */
export function createEta(): Eta {
  const e = new Eta(ETA_OPTIONS);
  e.loadTemplate('@chart', COLUMN_CHART_PARTIAL);
  return e;
}

export const eta = createEta();

const reportTemplate = eta.compile(REPORT_HTML_TEMPLATE);

export function renderReportHtml(vm: ViewModel): string {
  // The template is compact already; this drops the empty lines its logic tags leave (compact-html.ts).
  return compactHtml(reportTemplate.call(eta, vm));
}

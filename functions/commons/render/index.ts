/**
 * Email rendering: Snapshot → { subject, preheader, html, text }.
 * HTML = MJML compiled at build time + Eta at run time; text = the same view-model laid out as text.
 */
import type { Snapshot } from '../report/snapshot-schema.js';
import { renderReportHtml } from './eta-templates.js';
import { renderText } from './text.js';
import { toViewModel, type ViewModelOptions } from './view-model.js';

export interface RenderedEmail {
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

export function renderEmail(snapshot: Snapshot, options: ViewModelOptions = {}): RenderedEmail {
  const vm = toViewModel(snapshot, options);
  return { subject: vm.subject, preheader: vm.preheader, html: renderReportHtml(vm), text: renderText(vm) };
}

export { renderText } from './text.js';
export type { ViewModel, ViewModelOptions } from './view-model.js';
export { toViewModel } from './view-model.js';

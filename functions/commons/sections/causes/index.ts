import { defineSection } from '../section.js';
import { collectCauses } from './collect.js';
import { causesPartSchema } from './schema.js';
import { causesText } from './text.js';
import { causesView } from './view.js';

export const section = defineSection({
  id: 'causes',
  noun: 'causes',
  schema: causesPartSchema,
  empty: () => ({ moved: 0, summary: null, items: [], annotations: [], calls: 0 }),
  collect: collectCauses,
  view: causesView,
  text: causesText,
});

import { defineSection } from '../section.js';
import { collectHistory, emptyHistory, historyDisabledIn } from './collect.js';
import { historyPartSchema } from './schema.js';
import { historyText } from './text.js';
import { historyView } from './view.js';

export const section = defineSection({
  id: 'history',
  noun: 'history',
  schema: historyPartSchema,
  disabledIn: historyDisabledIn,
  empty: emptyHistory,
  collect: collectHistory,
  view: historyView,
  text: historyText,
});

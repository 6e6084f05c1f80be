import { defineSection } from '../section.js';
import { collectErrors } from './collect.js';
import { errorsPartSchema } from './schema.js';
import { errorsText } from './text.js';
import { errorsView } from './view.js';

export const section = defineSection({
  id: 'errors',
  noun: 'errors',
  schema: errorsPartSchema,
  empty: () => ({ items: [], other: null, totalErrorViews: 0 }),
  collect: collectErrors,
  view: errorsView,
  text: errorsText,
});

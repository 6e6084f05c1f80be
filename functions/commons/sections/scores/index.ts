import { defineSection } from '../section.js';
import { collectScores } from './collect.js';
import { scoresPartSchema } from './schema.js';
import { scoresText } from './text.js';
import { scoresView } from './view.js';

export const section = defineSection({
  id: 'scores',
  noun: 'scores',
  schema: scoresPartSchema,
  core: true,
  empty: () => ({ items: [] }),
  collect: collectScores,
  view: scoresView,
  text: scoresText,
});

import { defineSection } from '../section.js';
import { collectVolume } from './collect.js';
import { volumePartSchema } from './schema.js';
import { volumeText } from './text.js';
import { volumeView } from './view.js';

export const section = defineSection({
  id: 'volume',
  noun: 'volume',
  schema: volumePartSchema,
  core: true,
  empty: () => ({ items: [] }),
  shownWithoutViews: true,
  collect: collectVolume,
  view: volumeView,
  text: volumeText,
});

import { defineSection } from '../section.js';
import { collectVolume } from './collect.js';
import { volumePartSchema } from './schema.js';

export const section = defineSection({
  id: 'volume',
  noun: 'volume',
  schema: volumePartSchema,
  core: true,
  empty: () => ({ items: [] }),
  collect: collectVolume,
});

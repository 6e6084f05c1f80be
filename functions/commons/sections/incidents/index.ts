import { defineSection } from '../section.js';
import { collectIncidents } from './collect.js';
import { incidentsPartSchema } from './schema.js';
import { incidentsText } from './text.js';
import { incidentsView } from './view.js';

export const section = defineSection({
  id: 'incidents',
  noun: 'incidents',
  schema: incidentsPartSchema,
  empty: () => ({ opened: 0, resolved: 0, stillOpen: 0, items: [] }),
  shownWithoutViews: true,
  collect: collectIncidents,
  view: incidentsView,
  text: incidentsText,
});

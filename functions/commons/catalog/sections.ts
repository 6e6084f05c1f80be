/**
 * The report's sections, in the order the email shows them: the one list of section ids. The configuration's
 * `sections` switches, the snapshot's `sections` map and parts, the email and the text part are all built from it;
 * functions/commons/sections/registry.ts maps each id to its module (folder functions/commons/sections/<id>/).
 * It lives here, in the leaf layer, because the configuration (below the sections) validates the switches.
 */
export const SECTION_IDS = [
  'scores',
  'causes',
  'volume',
  'keyMetrics',
  'insights',
  'incidents',
  'errors',
  'breakdowns',
  'trend',
  'history',
  'failedViews',
] as const;
export type SectionId = (typeof SECTION_IDS)[number];

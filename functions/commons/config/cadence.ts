/**
 * The cadences and weekdays of a report's schedule: constants of the configuration that the snapshot format and
 * the stack use too, in a module of their own so that importing them does not load the zod schema (schema.ts).
 */
export const CADENCES = ['daily', 'weekly', 'monthly'] as const;
export type Cadence = (typeof CADENCES)[number];

export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

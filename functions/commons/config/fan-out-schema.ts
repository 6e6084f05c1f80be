/**
 * The zod schema of a report's `fanOut` (config/schema.ts; what it means: ./fan-out.ts). Apart from the rules the
 * functions apply at run time (./fan-out.ts), so that they check a segment without building this schema: only the
 * validator of a configuration (load.ts) does.
 */
import * as z from 'zod';
import { MUX_ID_PATTERN } from '../catalog/ids.js';
import { closest } from './closest.js';
import { KNOWN_DIMENSIONS } from './dimensions.js';
import { MATCH_MAX_LENGTH, MAX_ALLOWED_VALUES, MAX_FULL_REPORTS, MAX_SEGMENTS, segmentValue } from './fan-out.js';

const email = z.email({ message: 'must be an email address' });

/** Why `pattern` is not a valid regular expression (the engine's message), or null. */
function patternError(pattern: string): string | null {
  try {
    new RegExp(pattern, 'u');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
  }
}

export const fanOutSchema = z
  .object({
    dimension: z
      .string()
      .regex(MUX_ID_PATTERN, 'must be a Mux dimension id such as "sub_property_id"')
      .describe('Mux dimension whose values each get their own report (filters += "dimension:value").'),
    values: z
      .union(
        [
          z.array(segmentValue).min(1).max(MAX_SEGMENTS),
          z
            .object({
              top: z.number().int().min(1).max(MAX_SEGMENTS).describe('The N most viewed values over the period.'),
              minViews: z
                .number()
                .int()
                .min(0)
                .default(0)
                .describe('Values with fewer views in the period are skipped.'),
              match: z
                .string()
                .min(1)
                .max(MATCH_MAX_LENGTH)
                .superRefine((pattern, ctx) => {
                  const error = patternError(pattern);
                  if (error) ctx.addIssue({ code: 'custom', message: `is not a valid regular expression: ${error}` });
                })
                .optional()
                .describe(
                  'A regular expression (JavaScript, Unicode) the WHOLE value must match, e.g. "cust-[0-9]{1,6}". ' +
                    'Anyone with the environment key can send views with any value: other values are skipped and ' +
                    'reported, and further pages are read until `top` values match.',
                ),
              allow: z
                .array(segmentValue)
                .min(1)
                .max(MAX_ALLOWED_VALUES)
                .optional()
                .describe('Only these values (exact) may become segments; others are skipped and reported.'),
            })
            .strict(),
        ],
        {
          // zod's own union message is "Invalid input"; say what is expected.
          error: (issue) =>
            issue.input === undefined ? 'is required' : 'must be a list of values or { "top": N, "minViews": M }',
        },
      )
      .describe('The values: a list, or { top, minViews } listed from Mux when the report runs.'),
    recipients: z
      .record(segmentValue, z.array(email).min(1).max(500))
      .default({})
      .describe("Recipients per value; a value without an entry gets the report's recipients."),
    fullReports: z
      .object({
        top: z
          .number()
          .int()
          .min(0)
          .max(MAX_FULL_REPORTS)
          .describe('How many of the largest segments (most views in the period) get the full report.'),
      })
      .strict()
      .optional()
      .describe(
        'Two tiers: the K largest segments get the full report, every other one a scorecard report (scores with ' +
          'deltas and the Mux benchmark, key metrics, volume, history) built from calls shared by all segments. ' +
          `Without it every segment gets the full report, and there may be at most ${MAX_FULL_REPORTS}.`,
      ),
  })
  .strict()
  .superRefine((fanOut, ctx) => {
    const count = Array.isArray(fanOut.values) ? fanOut.values.length : fanOut.values.top;
    if (!fanOut.fullReports && count > MAX_FULL_REPORTS) {
      ctx.addIssue({
        code: 'custom',
        path: ['values'],
        message:
          `${count} segments would be ${count} full reports (at most ${MAX_FULL_REPORTS}): set ` +
          '"fullReports": { "top": K } so that only the K largest get the full report and the others a scorecard',
      });
    }
    if (!KNOWN_DIMENSIONS.includes(fanOut.dimension)) {
      const suggestion = closest(fanOut.dimension, KNOWN_DIMENSIONS);
      ctx.addIssue({
        code: 'custom',
        path: ['dimension'],
        message: `unknown Mux dimension "${fanOut.dimension}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
      });
    }
    const listed = Array.isArray(fanOut.values) ? fanOut.values : null;
    if (listed) {
      const seen = new Set<string>();
      listed.forEach((value, i) => {
        if (seen.has(value))
          ctx.addIssue({ code: 'custom', path: ['values', i], message: `duplicate value "${value}"` });
        seen.add(value);
      });
      for (const key of Object.keys(fanOut.recipients)) {
        if (!seen.has(key)) {
          ctx.addIssue({
            code: 'custom',
            path: ['recipients', key],
            message: `"${key}" is not one of fanOut.values (${listed.join(', ')})`,
          });
        }
      }
    }
  });

export type FanOutConfig = z.output<typeof fanOutSchema>;

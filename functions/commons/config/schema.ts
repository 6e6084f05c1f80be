/**
 * The report configuration file (`reports.config.jsonc`): the single source that drives both the
 * infrastructure (schedules, secrets, recipients) and the functions (what to collect and render).
 *
 * Validated with zod at every entry point (CDK synth, Lambda cold start, CLI); the JSON Schema in
 * `docs/reports.config.schema.json` is generated from this file (`npx tsx scripts/build-schemas.ts`).
 */
import * as z from 'zod';
import { MUX_ID, MUX_ID_PATTERN, SLUG_PATTERN, SLUG_RULE } from '../catalog/ids.js';
import { MEASUREMENTS } from '../catalog/metrics.js';
import { SECTION_IDS, type SectionId } from '../catalog/sections.js';
import { audienceSchema } from './audience.js';
import { CADENCES, WEEKDAYS } from './cadence.js';
import { channelsSchema, sendWhenSchema } from './channels.js';
import { fanOutSchema } from './fan-out-schema.js';
import { historyOptionsSchema, historyPeriodsIssue } from './history-schema.js';

/** The schedule's vocabulary and the secret of an environment live in leaf modules the functions import. */
export { CADENCES, type Cadence, WEEKDAYS, type Weekday } from './cadence.js';
export { secretNameFor } from './lookup.js';
/** Section ids in the order the email shows them (the one list is catalog/sections.ts). */
export { SECTION_IDS, type SectionId };

const slug = z.string().regex(SLUG_PATTERN, `must be ${SLUG_RULE}`);

let knownZones: Set<string> | undefined;

/**
 * True when the runtime knows this IANA zone (Intl throws a RangeError otherwise). The runtime's list of zones
 * is checked first: it costs ~3 ms, while the first `Intl.DateTimeFormat` of a process loads ICU's locale data
 * (~20–30 ms), which a cold `GET /reports` (config only, no dates) would otherwise pay at init. Names not in the
 * list (aliases such as Asia/Kolkata on Node 20 and 24) still go to `Intl.DateTimeFormat`, which decides.
 */
export function isValidTimeZone(tz: string): boolean {
  // ECMA-402 requires every implementation to accept "UTC"; the list leaves it out (Node 20 and 24).
  knownZones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  if (knownZones.has(tz)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.length > 0;
  } catch {
    return false;
  }
}

const timeZone = z.string().refine(isValidTimeZone, { message: 'must be an IANA time zone such as "Europe/Paris"' });

/** A Mux `filters[]` entry: `dimension:value` or `!dimension:value` (see the Mux filter guide). */
export const muxFilter = z
  .string()
  .regex(new RegExp(`^!?${MUX_ID}:.+$`), 'must look like "dimension:value" or "!dimension:value"');

const email = z.email({ message: 'must be an email address' });

export const rateLimitSchema = z
  .object({
    /** Sustained Mux Data API requests per second (Mux's documented limit is 5). */
    dataPerSecond: z.number().positive().max(50).default(5).describe('Sustained Mux Data API requests per second.'),
    /** Sustained Monitoring API requests per second (Mux's documented limit is 1). */
    monitoringPerSecond: z
      .number()
      .positive()
      .max(10)
      .default(1)
      .describe('Sustained Monitoring API requests per second.'),
  })
  .strict();

export const environmentSchema = z
  .object({
    /** Short name used in report definitions, schedules and S3 keys. */
    name: slug.describe('Short name used in report definitions, schedules and S3 keys.'),
    /** Secrets Manager secret holding `{ "tokenId", "tokenSecret" }`. Default: `mux-qoe-reports/<name>`. */
    secretName: z
      .string()
      .regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, 'must be a valid Secrets Manager secret name')
      .optional()
      .describe('Secrets Manager secret holding {"tokenId", "tokenSecret"}. Default: mux-qoe-reports/<name>.'),
    /** Base of the Mux dashboard links in the email (insights, failed views). */
    dashboardUrl: z
      .url()
      .default('https://dashboard.mux.com')
      .describe('Base of the Mux dashboard links in the email.'),
    rateLimit: rateLimitSchema.prefault({}),
    /** Archive Mux's daily raw view exports into S3 (Media plan). */
    archiveExports: z.boolean().default(false).describe("Archive Mux's daily raw view exports into S3 (Media plan)."),
  })
  .strict();

export const scheduleSchema = z
  .object({
    /** Local time (in the report's time zone) the report runs, `HH:MM`. */
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)')
      .default('08:00')
      .describe("Local time (in the report's time zone) the report runs, HH:MM."),
    /** Weekly reports: the day they run. */
    weekday: z.enum(WEEKDAYS).default('MON').describe('Weekly reports: the day they run.'),
    /** Monthly reports: the day of the month they run (1–28 so every month has it). */
    dayOfMonth: z.number().int().min(1).max(28).default(1).describe('Monthly reports: the day of the month they run.'),
    /** Set false to keep the report on-demand only. */
    enabled: z.boolean().default(true).describe('false = no schedule; the report stays on-demand only.'),
  })
  .strict();

export const sectionsSchema = z
  .object(
    Object.fromEntries(SECTION_IDS.map((id) => [id, z.boolean().default(true)])) as Record<
      SectionId,
      z.ZodDefault<z.ZodBoolean>
    >,
  )
  .strict();

export const DEFAULT_BREAKDOWN_DIMENSIONS = ['country', 'browser', 'viewer_device_category', 'player_name'] as const;

export const reportSchema = z
  .object({
    id: slug.describe('Unique report id, used in S3 keys, schedule names and the CLI.'),
    title: z
      .string()
      .min(1)
      .max(200)
      .describe('Heading of the email and name in its footer; the subject carries the headline numbers.'),
    /** Name of an entry in `environments`. */
    environment: slug.describe('Name of an entry in `environments`.'),
    cadence: z
      .enum(CADENCES)
      .default('weekly')
      .describe('Each run reports the last full day / week (Monday to Monday) / month before the run, in timeZone.'),
    timeZone: timeZone
      .default('UTC')
      .describe('IANA time zone of the period boundaries, the schedule and the email dates.'),
    schedule: scheduleSchema.prefault({}),
    /** Mux `filters[]` applied to every call (e.g. one player or one country). */
    filters: z
      .array(muxFilter)
      .max(10)
      .default([])
      .describe('Mux filters[] applied to every call: "dimension:value" or "!dimension:value".'),
    sections: sectionsSchema.prefault({}),
    /** Key metrics table: `metric_id` or `metric_id:measurement` (e.g. `video_startup_time:95th`). */
    keyMetrics: z
      .array(
        z
          .string()
          .regex(
            new RegExp(`^${MUX_ID}(:(${MEASUREMENTS.join('|')}))?$`),
            'must be "metric_id" or "metric_id:measurement"',
          ),
      )
      .min(1)
      .max(12)
      .optional()
      .describe(
        'Key metrics table: "metric_id" or "metric_id:measurement". Default: the catalog\'s DEFAULT_KEY_METRICS.',
      ),
    breakdownDimensions: z
      .array(z.string().regex(MUX_ID_PATTERN, 'must be a Mux dimension id such as "country"'))
      .min(1)
      .max(8)
      .default([...DEFAULT_BREAKDOWN_DIMENSIONS])
      .describe('Dimensions of the breakdown tables (Mux dimension ids).'),
    topN: z
      .object({
        insights: z.number().int().min(1).max(10).default(5),
        errors: z.number().int().min(1).max(10).default(5),
        breakdown: z.number().int().min(1).max(10).default(5),
        failedViews: z.number().int().min(0).max(20).default(10),
      })
      .strict()
      .prefault({}),
    /** Segments (breakdown rows, insights) with fewer views are folded into "Other" / ignored. */
    minViews: z
      .number()
      .int()
      .min(0)
      .default(100)
      .describe('Segments with fewer views are folded into "Other" / ignored.'),
    history: historyOptionsSchema
      .optional()
      .describe('The history section: how many past periods it reads (see config/history.ts).'),
    recipients: z
      .array(email)
      .max(500)
      .default([])
      .describe('Email recipients (at least one when the email channel is on, which it is by default).'),
    fanOut: fanOutSchema.optional().describe('One report per value of a Mux dimension (see config/fan-out.ts).'),
    audience: audienceSchema,
    from: email.optional().describe('Sender address (SES-verified); required when the email channel is on.'),
    replyTo: email.optional().describe('Optional Reply-To address.'),
    archive: z
      .object({
        /** Keep `report.html`, `report.txt` and `message.eml` next to the snapshot. */
        renderedEmail: z
          .boolean()
          .default(true)
          .describe('Keep report.html, report.txt and message.eml next to the snapshot.'),
      })
      .strict()
      .prefault({}),
    channels: channelsSchema,
    sendWhen: sendWhenSchema,
  })
  .strict()
  .superRefine((report, ctx) => {
    // The history's bounds depend on the cadence (config/history.ts).
    const history = historyPeriodsIssue(report.cadence, report.history?.periods);
    if (history) ctx.addIssue({ code: 'custom', path: ['history', 'periods'], message: history });
    // A chat-only report (Slack, Teams, webhook) needs no mailbox; one that emails needs both ends.
    if (report.channels.some((c) => c.type === 'email')) {
      const why = '(the email channel is on: it is the default channel)';
      if (report.recipients.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['recipients'], message: `must have at least 1 item ${why}` });
      }
      if (report.from === undefined) ctx.addIssue({ code: 'custom', path: ['from'], message: `is required ${why}` });
    }
  });

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    environments: z.array(environmentSchema).min(1),
    reports: z.array(reportSchema).min(1),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const envNames = new Set<string>();
    cfg.environments.forEach((env, i) => {
      if (envNames.has(env.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['environments', i, 'name'],
          message: `duplicate environment "${env.name}"`,
        });
      }
      envNames.add(env.name);
    });
    const reportIds = new Set<string>();
    cfg.reports.forEach((report, i) => {
      if (reportIds.has(report.id)) {
        ctx.addIssue({ code: 'custom', path: ['reports', i, 'id'], message: `duplicate report id "${report.id}"` });
      }
      reportIds.add(report.id);
      if (!envNames.has(report.environment)) {
        ctx.addIssue({
          code: 'custom',
          path: ['reports', i, 'environment'],
          message: `unknown environment "${report.environment}" (declared: ${[...envNames].join(', ') || 'none'})`,
        });
      }
    });
  });

export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema>;
export type EnvironmentConfig = z.output<typeof environmentSchema>;
export type ReportConfig = z.output<typeof reportSchema>;

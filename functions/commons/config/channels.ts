/**
 * Where a report goes (`channels`) and when (`sendWhen`). Two fields of a report (config/schema.ts), kept in their
 * own module so the delivery code and the schema share one definition (the delivery code imports only its types; a
channel's identity, `channelKey`, is in lookup.ts with the other run-time reads of the configuration).
 *
 * Channel secrets hold only the webhook URL (Slack, Teams, webhook) or the HMAC key (webhook), as a plain
 * SecretString: a chat webhook URL is itself a credential (anyone who has it can post), so it never sits in the
 * configuration, the Lambda environment or a log. The infrastructure creates each named secret empty and grants the
 * report functions read access (infra/constructs/channel-secrets.ts).
 */
import * as z from 'zod';
import { MUX_ID } from '../catalog/ids.js';
import { MEASUREMENTS } from '../catalog/metrics.js';
import { channelKey } from './lookup.js';

const secretName = z
  .string()
  .regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, 'must be a valid Secrets Manager secret name')
  .describe('Name of a Secrets Manager secret whose SecretString is the value (set with put-secret-value).');

export const CHANNEL_TYPES = ['email', 'slack', 'teams', 'webhook'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export const channelSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('email') }).strict(),
  z
    .object({
      type: z.literal('slack'),
      webhookSecret: secretName.describe('Secret holding the Slack incoming-webhook URL.'),
    })
    .strict(),
  z
    .object({
      type: z.literal('teams'),
      webhookSecret: secretName.describe(
        'Secret holding the Teams Workflows ("When a Teams webhook request is received") URL.',
      ),
    })
    .strict(),
  z
    .object({
      type: z.literal('webhook'),
      urlSecret: secretName.describe('Secret holding the receiver URL (https).'),
      signingSecret: secretName.describe('Secret holding the HMAC-SHA256 key the body is signed with.'),
    })
    .strict(),
]);
export type ChannelConfig = z.output<typeof channelSchema>;

export const channelsSchema = z
  .array(channelSchema)
  .min(1)
  .max(10)
  .default([{ type: 'email' }])
  .superRefine((channels, ctx) => {
    const seen = new Set<string>();
    channels.forEach((channel, i) => {
      const key = channelKey(channel);
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i], message: `duplicate channel ${key}` });
      seen.add(key);
    });
  })
  .describe('Where the report goes. Default: email only. Each channel is sent exactly once per period.');

/** `12` (raw units of the snapshot's `value`, e.g. ms, or 0.02 for 2 score points) or `"5%"` (relative change). */
const beyond = z.union([
  z.number().positive(),
  z.string().regex(/^\d+(\.\d+)?%$/, 'must be a positive number (raw units) or a percentage such as "5%"'),
]);

export const sendWhenSchema = z
  .union([
    z.enum(['always', 'worse']),
    z
      .object({
        metric: z
          .string()
          .regex(
            new RegExp(`^${MUX_ID}(:(${MEASUREMENTS.join('|')}))?$`),
            'must be "metric_id" or "metric_id:measurement"',
          )
          .describe('A metric of the scores, volume or key-metrics section, e.g. "video_startup_time:95th".'),
        beyond: beyond.describe(
          'How much worse than the previous period it must get: raw units (scores are 0–1) or "5%" (relative).',
        ),
      })
      .strict(),
  ])
  .default('always')
  .describe(
    'always: every run. worse: only when a score or key metric got worse beyond its tolerance. ' +
      '{ metric, beyond }: only when that metric got worse by more than `beyond`. The snapshot is archived either way.',
  );
export type SendWhen = z.output<typeof sendWhenSchema>;

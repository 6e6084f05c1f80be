/**
 * The on-demand routes, one function each. They receive a parsed route (commons/http/parse-request)
 * and the settings, and return a Function URL response or throw (errors.ts maps what they throw).
 * Previews (`GET /reports/{id}`) never archive or send; only `POST …/send` has side effects.
 */

import type { Config, EnvironmentConfig, ReportConfig } from '../commons/config/schema.js';
import { SECTION_IDS } from '../commons/config/schema.js';
import { buildMime, MAX_RECIPIENTS_PER_MESSAGE } from '../commons/delivery/mime.js';
import { bodyResponse, type FunctionUrlResponse, HttpError, jsonResponse } from '../commons/http/http-error.js';
import type { ReportFormat, Route, SendBody } from '../commons/http/parse-request.js';
import type { MuxEvent } from '../commons/mux/index.js';
import { deliveryLogger, type LambdaContext, recordGenerated, recordSent } from '../commons/observability/index.js';
import { type Period, PeriodError, parsePeriodSpec, scheduledPeriod } from '../commons/period/index.js';
import { type CredentialsProvider, createMuxClient, generateReport } from '../commons/pipeline/generate.js';
import { runReport } from '../commons/pipeline/run-report.js';
import { CONTENT_TYPES, periodStartDate } from '../commons/report/snapshot-store.js';
import type { Settings } from '../commons/settings/index.js';
import { deliverySetupFrom, muxOptionsFrom, snapshotStoreFrom } from '../commons/settings/runtime.js';
import { recipientNotAllowed } from './errors.js';

export interface RouteContext {
  settings: Settings;
  credentials: CredentialsProvider;
  now: Date;
  onMuxEvent: (event: MuxEvent) => void;
  lambdaContext: LambdaContext | undefined;
  /** Tells the handler which report / environment the request is about (log keys, error messages). */
  annotate(keys: { reportId?: string; environment?: string; periodKey?: string }): void;
}

// ---------------------------------------------------------------------------------------------- lookups

export function reportOr404(config: Config, reportId: string): ReportConfig {
  const report = config.reports.find((r) => r.id === reportId);
  if (!report) {
    const known = config.reports.map((r) => r.id).join(', ');
    throw new HttpError(404, 'not_found', `no report "${reportId}" (configured: ${known})`, 'reportId');
  }
  return report;
}

function environmentOr404(config: Config, name: string): EnvironmentConfig {
  const env = config.environments.find((e) => e.name === name);
  if (!env) {
    const known = config.environments.map((e) => e.name).join(', ');
    throw new HttpError(404, 'not_found', `no environment "${name}" (configured: ${known})`, 'environment');
  }
  return env;
}

/**
 * The period a spec names (null = the last full period of the report's cadence), as the pipeline's
 * `resolvePeriod` computes it; a bad or unfinished spec is `invalid_field`. Retention is not guessed here:
 * a period Mux no longer has is refused by Mux (`PeriodRefusedError` → `period_out_of_range`, errors.ts).
 */
export function periodOf(report: ReportConfig, spec: string | null, now: Date): Period {
  try {
    return spec === null
      ? scheduledPeriod(report.cadence, now, report.timeZone)
      : parsePeriodSpec(spec, { cadence: report.cadence, timeZone: report.timeZone, now });
  } catch (error) {
    if (error instanceof PeriodError) throw new HttpError(400, 'invalid_field', error.message, 'period');
    throw error;
  }
}

// ----------------------------------------------------------------------------------------------- routes

/** `GET /reports`: what is configured. Recipients as a count and domains: addresses are personal data. */
export function listReports(ctx: RouteContext): FunctionUrlResponse {
  const reports = ctx.settings.config.reports.map((r) => ({
    id: r.id,
    title: r.title,
    environment: r.environment,
    cadence: r.cadence,
    timeZone: r.timeZone,
    schedule: r.schedule,
    filters: r.filters,
    sections: SECTION_IDS.filter((id) => r.sections[id]),
    recipients: {
      count: r.recipients.length,
      domains: [...new Set(r.recipients.map((a) => a.slice(a.lastIndexOf('@') + 1).toLowerCase()))].sort(),
    },
  }));
  return jsonResponse(200, { reports });
}

function safeFileName(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100);
}

/** `GET /reports/{id}`: generate a preview in the requested format. No archive, no email. */
export async function getReport(
  ctx: RouteContext,
  route: Extract<Route, { kind: 'getReport' }>,
): Promise<FunctionUrlResponse> {
  const { config } = ctx.settings;
  const report = reportOr404(config, route.reportId);
  ctx.annotate({ reportId: report.id, environment: report.environment });
  const period = periodOf(report, route.period, ctx.now);
  ctx.annotate({ periodKey: period.key });

  const generated = await generateReport({
    config,
    reportId: report.id,
    period: { kind: 'spec', spec: route.period },
    credentials: ctx.credentials,
    now: ctx.now,
    ...muxOptionsFrom(ctx.settings),
    onMuxEvent: ctx.onMuxEvent,
  });
  recordGenerated(generated.snapshot);
  return render(route.format, report, generated.snapshot, generated.email);
}

async function render(
  format: ReportFormat,
  report: ReportConfig,
  snapshot: Awaited<ReturnType<typeof generateReport>>['snapshot'],
  email: Awaited<ReturnType<typeof generateReport>>['email'],
): Promise<FunctionUrlResponse> {
  const headers = { 'x-report-id': report.id, 'x-report-period': snapshot.period.key };
  switch (format) {
    case 'json':
      return jsonResponse(200, snapshot, headers);
    case 'html':
      return bodyResponse(200, CONTENT_TYPES.html, email.html, headers);
    case 'text':
      return bodyResponse(200, CONTENT_TYPES.text, email.text, headers);
    case 'eml': {
      // The message as the first batch would receive it; built, not sent.
      const raw = await buildMime({
        email,
        reportId: report.id,
        periodKey: snapshot.period.key,
        from: report.from,
        replyTo: report.replyTo,
        to: report.recipients.slice(0, MAX_RECIPIENTS_PER_MESSAGE),
        batchIndex: 0,
      });
      return bodyResponse(200, CONTENT_TYPES.eml, raw.toString('utf8'), {
        ...headers,
        'content-disposition': `attachment; filename="${safeFileName(`${report.id}-${snapshot.period.key}`)}.eml"`,
      });
    }
  }
}

/** Refuses any requested address that is not configured for the report, before any Mux call. */
function checkRecipients(report: ReportConfig, requested: string[] | undefined): void {
  if (!requested) return;
  const allowed = new Set(report.recipients.map((a) => a.trim().toLowerCase()));
  const stranger = requested.find((a) => !allowed.has(a.trim().toLowerCase()));
  if (stranger !== undefined) throw recipientNotAllowed(stranger.trim());
}

/** `POST /reports/{id}/send`: generate, archive and email (exactly once per period unless `force`). */
export async function sendReport(ctx: RouteContext, reportId: string, body: SendBody): Promise<FunctionUrlResponse> {
  const { config } = ctx.settings;
  const report = reportOr404(config, reportId);
  ctx.annotate({ reportId: report.id, environment: report.environment });
  checkRecipients(report, body.recipients);
  const spec = body.period ?? null;
  const period = periodOf(report, spec, ctx.now);
  ctx.annotate({ periodKey: period.key });

  const { generated, delivery } = await runReport({
    config,
    reportId: report.id,
    period: { kind: 'spec', spec },
    credentials: ctx.credentials,
    now: ctx.now,
    ...muxOptionsFrom(ctx.settings),
    onMuxEvent: ctx.onMuxEvent,
    delivery: deliverySetupFrom(ctx.settings),
    ...(body.recipients ? { recipients: body.recipients } : {}),
    ...(body.force ? { force: true } : {}),
    ...(ctx.lambdaContext ? { lambdaContext: ctx.lambdaContext } : {}),
    logger: deliveryLogger(),
  });
  recordGenerated(generated.snapshot);
  recordSent(delivery.status === 'sent');
  // 202: another invocation holds the send (it will finish it); otherwise the work is done.
  return jsonResponse(delivery.status === 'in-progress' ? 202 : 200, {
    status: delivery.status,
    reportId: report.id,
    periodKey: generated.snapshot.period.key,
    messageIds: delivery.messageIds,
    snapshotKey: delivery.snapshotKey,
    recipientCount: delivery.batches.reduce((n, b) => n + b.recipientCount, 0),
    forced: delivery.forced,
  });
}

/** `GET /snapshots/{id}`: an archived snapshot (no Mux call: the archive outlives Mux's retention). */
export async function getSnapshot(
  ctx: RouteContext,
  route: Extract<Route, { kind: 'getSnapshot' }>,
): Promise<FunctionUrlResponse> {
  const report = reportOr404(ctx.settings.config, route.reportId);
  ctx.annotate({ reportId: report.id });
  const store = snapshotStoreFrom(ctx.settings);
  if (route.period === null) {
    const latest = await store.getLatest(report.id);
    if (!latest) throw new HttpError(404, 'not_found', `no archived snapshot of ${report.id} yet`, 'reportId');
    return jsonResponse(200, latest, { 'x-report-id': report.id, 'x-report-period': latest.period.key });
  }
  const period = periodOf(report, route.period, ctx.now);
  ctx.annotate({ periodKey: period.key });
  const snapshot =
    period.cadence === 'custom' ? null : await store.get(report.id, period.cadence, periodStartDate({ period }));
  if (!snapshot) {
    throw new HttpError(404, 'not_found', `no archived snapshot of ${report.id} for ${period.key}`, 'period');
  }
  return jsonResponse(200, snapshot, { 'x-report-id': report.id, 'x-report-period': snapshot.period.key });
}

/** `GET /live/{environment}`: what is happening now (Mux monitoring), JSON or a small HTML page. */
export async function getLive(
  ctx: RouteContext,
  route: Extract<Route, { kind: 'live' }>,
): Promise<FunctionUrlResponse> {
  const environment = environmentOr404(ctx.settings.config, route.environment);
  ctx.annotate({ environment: environment.name });
  const client = await createMuxClient(environment, ctx.credentials, {
    ...muxOptionsFrom(ctx.settings),
    onMuxEvent: ctx.onMuxEvent,
  });
  try {
    // Loaded on first use: the report routes (most calls) don't pay for it at cold start.
    const { getLiveView, renderLiveHtml } = await import('../commons/live/index.js');
    const view = await getLiveView(client, { environment: environment.name, now: ctx.now });
    return route.format === 'html'
      ? bodyResponse(200, CONTENT_TYPES.html, renderLiveHtml(view))
      : jsonResponse(200, view);
  } finally {
    await client.close();
  }
}

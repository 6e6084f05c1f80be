/**
 * `GET /reports/{id}` (preview: nothing archived or sent) and `POST /reports/{id}/send` (generate, archive, email).
 * Loaded on the first such request (handler.ts): the collection, the renderer, the MIME composer and the AWS
 * clients they need are not part of what `GET /reports` loads.
 */
import { SegmentError, segmentOf } from '../commons/config/fan-out.js';
import type { ReportConfig } from '../commons/config/schema.js';
import { previewMime } from '../commons/delivery/mime.js';
import { previewEmail } from '../commons/delivery/unsubscribe/personalize.js';
import { bodyResponse, type FunctionUrlResponse, HttpError, jsonResponse } from '../commons/http/http-error.js';
import type { ReportFormat, Route, SendBody } from '../commons/http/parse-request.js';
import { deliveryLogger, recordGenerated, recordSent } from '../commons/observability/index.js';
import { secretsManagerCredentials } from '../commons/pipeline/credentials.js';
import { generateReport } from '../commons/pipeline/generate.js';
import { runReport } from '../commons/pipeline/run-report.js';
import { archiveOf } from '../commons/report/archive-reader.js';
import { CONTENT_TYPES } from '../commons/report/snapshot-store.js';
import { deliverySetupFrom } from '../commons/settings/delivery-setup.js';
import { muxOptionsFrom, snapshotStoreFrom } from '../commons/settings/runtime.js';
import { recipientNotAllowed } from './errors.js';
import { periodOf } from './period-of.js';
import { type RouteContext, reportOr404 } from './route-context.js';

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
  previewSegmentOr400(report, route.segment);

  const generated = await generateReport({
    config,
    reportId: report.id,
    period: { kind: 'spec', spec: route.period },
    credentials: secretsManagerCredentials,
    now: ctx.now,
    ...muxOptionsFrom(ctx.settings),
    onMuxEvent: ctx.onMuxEvent,
    ...(route.segment !== undefined ? { segment: route.segment } : {}),
    archive: archiveOf(snapshotStoreFrom(ctx.settings)),
  });
  recordGenerated(generated.snapshot);
  return render(route.format, report, generated.snapshot, generated.email);
}

/** `segment=` must name a value of the report's fanOut (400 naming the field, before any Mux call). */
function previewSegmentOr400(report: ReportConfig, segment: string | undefined): void {
  try {
    segmentOf(report, segment);
  } catch (error) {
    if (error instanceof SegmentError) throw new HttpError(400, 'invalid_field', error.message, 'segment');
    throw error;
  }
}

async function render(
  format: ReportFormat,
  report: ReportConfig,
  snapshot: Awaited<ReturnType<typeof generateReport>>['snapshot'],
  generatedEmail: Awaited<ReturnType<typeof generateReport>>['email'],
): Promise<FunctionUrlResponse> {
  // A customer-facing email shows its first recipient's footer (with a link that goes nowhere).
  const email = previewEmail(generatedEmail, report.recipients);
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
      const raw = await previewMime(email, report, snapshot.period.key, undefined, snapshot.report.segment?.value);
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
    credentials: secretsManagerCredentials,
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
    channels: delivery.channels,
  });
}

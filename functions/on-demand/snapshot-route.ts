/** `GET /snapshots/{id}?period`: an archived snapshot from S3. Loaded on the first such request (handler.ts). */
import { type FunctionUrlResponse, HttpError, jsonResponse } from '../commons/http/http-error.js';
import type { Route } from '../commons/http/parse-request.js';
import { timed } from '../commons/observability/phases.js';
import { periodStartDate } from '../commons/report/snapshot-store.js';
import { snapshotStoreFrom } from '../commons/settings/runtime.js';
import { periodOf } from './period-of.js';
import { type RouteContext, reportOr404 } from './route-context.js';

/** `GET /snapshots/{id}`: an archived snapshot (no Mux call: the archive outlives Mux's retention). */
export async function getSnapshot(
  ctx: RouteContext,
  route: Extract<Route, { kind: 'getSnapshot' }>,
): Promise<FunctionUrlResponse> {
  const report = reportOr404(ctx.settings.config, route.reportId);
  ctx.annotate({ reportId: report.id });
  const store = snapshotStoreFrom(ctx.settings);
  if (route.period === null) {
    const latest = await timed('aws', () => store.getLatest(report.id));
    if (!latest) throw new HttpError(404, 'not_found', `no archived snapshot of ${report.id} yet`, 'reportId');
    return jsonResponse(200, latest, { 'x-report-id': report.id, 'x-report-period': latest.period.key });
  }
  const period = periodOf(report, route.period, ctx.now);
  ctx.annotate({ periodKey: period.key });
  const snapshot =
    period.cadence === 'custom'
      ? null
      : await timed('aws', () => store.get(report.id, period.cadence, periodStartDate({ period })));
  if (!snapshot) {
    throw new HttpError(404, 'not_found', `no archived snapshot of ${report.id} for ${period.key}`, 'period');
  }
  return jsonResponse(200, snapshot, { 'x-report-id': report.id, 'x-report-period': snapshot.period.key });
}

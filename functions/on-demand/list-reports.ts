/** `GET /reports`: answered from the validated configuration alone (no Mux, no AWS call). */
import { SECTION_IDS } from '../commons/catalog/sections.js';
import { type FunctionUrlResponse, jsonResponse } from '../commons/http/http-error.js';
import type { RouteContext } from './route-context.js';

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

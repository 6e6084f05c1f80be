/**
 * What the report engine needs from Mux, as one narrow port. `mux-source.ts` implements it over the shared
 * `MuxClient`; tests may implement it directly. Every method returns the raw `data` (snake_case, as Mux sends it)
 * plus `totalRowCount`; the engine validates the parts it reads with the schemas below, so an unexpected shape
 * makes one section unavailable instead of crashing the report.
 */
import * as z from 'zod';

export interface Span {
  startEpoch: number;
  endEpoch: number;
}

export interface SourceResult {
  data: unknown;
  totalRowCount: number | null;
  /** The `[start, end]` epoch seconds Mux says it used; null/absent when it did not echo one. */
  timeframe?: readonly [number, number] | null;
}

export interface SourceStats {
  calls: number;
  retries: number;
  rateLimited: number;
  bytes: number;
}

export interface ReportSource {
  comparison(span: Span): Promise<SourceResult>;
  overall(metric: string, span: Span, measurement: string | null): Promise<SourceResult>;
  insights(metric: string, span: Span): Promise<SourceResult>;
  breakdown(
    metric: string,
    span: Span,
    opts: { groupBy: string; orderBy: 'views'; orderDirection: 'desc'; limit: number },
  ): Promise<SourceResult>;
  timeseries(metric: string, span: Span, groupBy: 'hour' | 'day'): Promise<SourceResult>;
  incidents(opts: { page: number; limit: number }): Promise<SourceResult>;
  relatedIncidents(id: string, opts: { limit: number }): Promise<SourceResult>;
  errors(span: Span): Promise<SourceResult>;
  failedViews(span: Span, opts: { limit: number }): Promise<SourceResult>;
  stats(): SourceStats;
}

/** A 2xx answer whose shape we cannot use. */
export class BadResponseError extends Error {
  override readonly name = 'BadResponseError';
}

const num = z.number().nullish();
const str = z.string().nullish();
/** Mux ids and codes come as numbers or strings depending on the endpoint. */
const strOrNum = z.union([z.string(), z.number()]).nullish();

export const comparisonItemSchema = z.looseObject({
  name: str,
  metric: str,
  type: str,
  value: num,
  measurement: str,
});
export const comparisonRowSchema = z.looseObject({
  name: str,
  metric: str,
  type: str,
  value: num,
  measurement: str,
  items: z.array(comparisonItemSchema).nullish(),
  view_count: num,
  views: num,
  watch_time: num,
  total_playing_time: num,
  playing_time: num,
  unique_viewers: num,
});
export const comparisonSchema = z.array(comparisonRowSchema);

export const overallSchema = z.looseObject({
  value: num,
  total_views: num,
  total_watch_time: num,
  total_playing_time: num,
  global_value: num,
});

export const insightRowSchema = z.looseObject({
  filter_column: str,
  filter_value: strOrNum,
  metric: num,
  negative_impact_score: num,
  total_views: num,
});
export const insightsSchema = z.array(insightRowSchema);

export const breakdownRowRawSchema = z.looseObject({
  field: strOrNum,
  value: num,
  views: num,
  negative_impact: num,
});
export const breakdownSchemaRaw = z.array(breakdownRowRawSchema);

export const timeseriesSchema = z.array(z.array(z.union([z.string(), z.number(), z.null()])));

export const incidentRawSchema = z.looseObject({
  id: strOrNum,
  status: str,
  severity: str,
  started_at: str,
  resolved_at: str,
  description: str,
  impact: str,
  measurement: str,
  measured_value: num,
  threshold: num,
  affected_views: num,
  breakdowns: z.array(z.looseObject({ name: str, value: strOrNum })).nullish(),
});
export const incidentsSchema = z.array(incidentRawSchema);
export type IncidentRaw = z.infer<typeof incidentRawSchema>;

export const errorRawSchema = z.looseObject({
  id: num,
  code: strOrNum,
  player_error_code: strOrNum,
  message: str,
  description: str,
  count: num,
  percentage: num,
  last_seen: str,
});
export const errorsSchema = z.array(errorRawSchema);

export const videoViewRawSchema = z.looseObject({
  id: strOrNum,
  view_start: str,
  view_end: str,
  video_title: str,
  country_code: str,
  viewer_application_name: str,
  viewer_os_family: str,
  error_type_id: z.union([z.number(), z.string()]).nullish(),
  player_error_code: strOrNum,
  player_error_message: str,
});
export const videoViewsSchema = z.array(videoViewRawSchema);

/** Validates `data` against a schema; a mismatch names the first failing field. */
export function parseData<S extends z.ZodType>(schema: S, data: unknown, what: string): z.output<S> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const at = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw new BadResponseError(`unexpected ${what} response from Mux${at}: ${issue?.message ?? 'invalid'}`);
}

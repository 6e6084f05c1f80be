/**
 * What the report engine needs from Mux, as one narrow port. `mux-source.ts` implements it over the shared
 * `MuxClient`; tests may implement it directly. Every method answers with the client's typed envelope
 * (`MuxEnvelope<T>`, `data` as Mux sends it, snake_case): the client has already validated it against Mux's
 * published shapes (functions/commons/mux/resources), so the engine does not parse it again. A shape the client
 * refuses is a `MuxResponseError`, which makes one section unavailable instead of crashing the report.
 */
import type {
  AbridgedVideoView,
  Annotation,
  BreakdownValue,
  ComparisonRow,
  Incident,
  Insight,
  Measurement,
  MuxEnvelope,
  OverallValues,
  PlaybackError,
  TimeseriesPoint,
} from '../mux/index.js';
import type { Span } from '../period/timeframe.js';

export type { Span };

export interface SourceStats {
  calls: number;
  retries: number;
  rateLimited: number;
  bytes: number;
}

/** Any answer of the port (what the coverage log reads: `timeframe`). */
export type SourceResult = MuxEnvelope<unknown, unknown>;

export interface ReportSource {
  comparison(span: Span): Promise<MuxEnvelope<ComparisonRow[]>>;
  overall(metric: string, span: Span, measurement: Measurement | null): Promise<MuxEnvelope<OverallValues>>;
  insights(metric: string, span: Span): Promise<MuxEnvelope<Insight[]>>;
  breakdown(
    metric: string,
    span: Span,
    /** `measurement`: the metric's default when left out (the causes section asks for `95th`). */
    opts: { groupBy: string; orderBy: 'views'; orderDirection: 'desc'; limit: number; measurement?: Measurement },
  ): Promise<MuxEnvelope<BreakdownValue[]>>;
  timeseries(metric: string, span: Span, groupBy: 'hour' | 'day'): Promise<MuxEnvelope<TimeseriesPoint[]>>;
  incidents(opts: { page: number; limit: number }): Promise<MuxEnvelope<Incident[]>>;
  relatedIncidents(id: string, opts: { limit: number }): Promise<MuxEnvelope<Incident[]>>;
  errors(span: Span): Promise<MuxEnvelope<PlaybackError[]>>;
  /** The annotations (deploys, releases) dated in the span, oldest first: one page. */
  annotations(span: Span, opts: { limit: number }): Promise<MuxEnvelope<Annotation[]>>;
  failedViews(span: Span, opts: { limit: number }): Promise<MuxEnvelope<AbridgedVideoView[]>>;
  stats(): SourceStats;
}

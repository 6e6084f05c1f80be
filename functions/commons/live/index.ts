/** The real-time "live" view of a Mux environment (Monitoring API): JSON for `GET /live/{environment}`, or HTML. */
export { escapeHtml, renderLiveHtml } from './render.js';
export {
  type ConcurrentViewersPart,
  type CountryRow,
  getLiveView,
  type HistogramBucket,
  LIVE_PARTS,
  type LivePartName,
  type LivePoint,
  type LiveView,
  LiveViewError,
  type LiveViewOptions,
  PLAN_GATED_REASON,
  perMinute,
  type RebufferingPart,
  reasonOf,
  SERIES_MAX_POINTS,
  type StartupTimeHistogramPart,
  TOP_COUNTRIES,
} from './view.js';

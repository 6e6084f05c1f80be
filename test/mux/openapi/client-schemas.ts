/** The client's zod schema of each documented operation's success body (Mux's OpenAPI description). */
import type { z } from 'zod';
import {
  annotationListResponseSchema,
  annotationResponseSchema,
} from '../../../functions/commons/mux/resources/annotations.js';
import {
  dimensionNamesResponseSchema,
  dimensionValuesResponseSchema,
} from '../../../functions/commons/mux/resources/dimensions.js';
import { errorListResponseSchema } from '../../../functions/commons/mux/resources/errors.js';
import {
  legacyExportsResponseSchema,
  viewExportsResponseSchema,
} from '../../../functions/commons/mux/resources/exports.js';
import {
  incidentListResponseSchema,
  incidentResponseSchema,
} from '../../../functions/commons/mux/resources/incidents.js';
import {
  breakdownResponseSchema,
  comparisonResponseSchema,
  insightsResponseSchema,
  overallResponseSchema,
  timeseriesResponseSchema,
} from '../../../functions/commons/mux/resources/metrics.js';
import {
  histogramTimeseriesResponseSchema,
  monitoringBreakdownResponseSchema,
  monitoringBreakdownTimeseriesResponseSchema,
  monitoringNamesResponseSchema,
  monitoringTimeseriesResponseSchema,
} from '../../../functions/commons/mux/resources/monitoring.js';
import {
  videoViewListResponseSchema,
  videoViewResponseSchema,
} from '../../../functions/commons/mux/resources/video-views.js';

/**
 * The client schema for each operation's success body; `null` = no body (204). Create/update annotation are not
 * client methods (they need a Data *write* token), but their bodies are the same envelope as get.
 */
export const CLIENT: Record<string, z.ZodType | null> = {
  'list-annotations': annotationListResponseSchema,
  'create-annotation': annotationResponseSchema,
  'get-annotation': annotationResponseSchema,
  'update-annotation': annotationResponseSchema,
  'delete-annotation': null,
  'list-dimensions': dimensionNamesResponseSchema,
  'list-dimension-values': dimensionValuesResponseSchema,
  'list-dimension-elements': dimensionValuesResponseSchema,
  'list-errors': errorListResponseSchema,
  'list-exports': legacyExportsResponseSchema,
  'list-exports-views': viewExportsResponseSchema,
  'list-filters': dimensionNamesResponseSchema,
  'list-filter-values': dimensionValuesResponseSchema,
  'list-incidents': incidentListResponseSchema,
  'get-incident': incidentResponseSchema,
  'list-related-incidents': incidentListResponseSchema,
  'list-breakdown-values': breakdownResponseSchema,
  'get-overall-values': overallResponseSchema,
  'list-insights': insightsResponseSchema,
  'get-metric-timeseries-data': timeseriesResponseSchema,
  'list-all-metric-values': comparisonResponseSchema,
  'list-monitoring-dimensions': monitoringNamesResponseSchema,
  'list-monitoring-metrics': monitoringNamesResponseSchema,
  'get-monitoring-breakdown': monitoringBreakdownResponseSchema,
  'get-monitoring-breakdown-timeseries': monitoringBreakdownTimeseriesResponseSchema,
  'get-monitoring-histogram-timeseries': histogramTimeseriesResponseSchema,
  'get-monitoring-timeseries': monitoringTimeseriesResponseSchema,
  'list-realtime-dimensions': monitoringNamesResponseSchema,
  'list-realtime-metrics': monitoringNamesResponseSchema,
  'get-realtime-breakdown': monitoringBreakdownResponseSchema,
  'get-realtime-histogram-timeseries': histogramTimeseriesResponseSchema,
  'get-realtime-timeseries': monitoringTimeseriesResponseSchema,
  'list-video-views': videoViewListResponseSchema,
  'get-video-view': videoViewResponseSchema,
};

/**
 * Deep links into the Mux dashboard. The real URL layout is not documented for the API
 * (see shared/reference/mux-data-api.md); `environment.dashboardUrl` is expected to be the
 * environment's base, e.g. `https://dashboard.mux.com/organizations/<org>/environments/<env>`.
 * Every link is built here so the shape can be corrected in one place:
 *   metric segment   {base}/data/metrics/{metric}/breakdown?dimension={dim}&filters[]={dim}:{value}&timeframe[]={start}&timeframe[]={end}
 *   metric overview  {base}/data/metrics/{metric}?timeframe[]={start}&timeframe[]={end}
 *   incident         {base}/data/incidents/{id}
 *   video view       {base}/data/video-views/{id}
 */
interface Base {
  dashboardUrl: string;
}
interface Span {
  startEpoch: number;
  endEpoch: number;
}

const trim = (u: string): string => u.replace(/\/+$/, '');
const tf = (p: Span): string => `timeframe[]=${p.startEpoch}&timeframe[]=${p.endEpoch}`;

export function segmentUrl(env: Base, period: Span, metric: string, dimension: string, value: string): string {
  const filter = encodeURIComponent(`${dimension}:${value}`);
  return `${trim(env.dashboardUrl)}/data/metrics/${encodeURIComponent(metric)}/breakdown?dimension=${encodeURIComponent(dimension)}&filters[]=${filter}&${tf(period)}`;
}

export function metricUrl(env: Base, period: Span, metric: string): string {
  return `${trim(env.dashboardUrl)}/data/metrics/${encodeURIComponent(metric)}?${tf(period)}`;
}

export function incidentUrl(env: Base, id: string): string {
  return `${trim(env.dashboardUrl)}/data/incidents/${encodeURIComponent(id)}`;
}

export function videoViewUrl(env: Base, id: string): string {
  return `${trim(env.dashboardUrl)}/data/video-views/${encodeURIComponent(id)}`;
}

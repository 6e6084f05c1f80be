/**
 * Deep links into the Mux dashboard. The real URL layout is not documented for the API
 * (see shared/reference/mux-data-api.md); `environment.dashboardUrl` is expected to be the
 * environment's base, e.g. `https://dashboard.mux.com/organizations/<org>/environments/<env>`.
 * Every link is built here so the shape can be corrected in one place:
 *   metric segment   {base}/data/metrics/{metric}/breakdown?dimension={dim}&filters[]={dim}:{value}&timeframe[]={start}&timeframe[]={end}
 *   metric overview  {base}/data/metrics/{metric}?timeframe[]={start}&timeframe[]={end}
 *   incident         {base}/data/incidents/{id}
 *   video view       {base}/data/video-views/{id}
 *
 * Links are built only from our own base (configuration) plus percent-encoded values, and only from values the Mux
 * boundary left as sent (`isVerbatim`, mux/untrusted-text.ts): a link built from an altered value would open
 * another segment. A link that cannot be made, or would be longer than `MAX_LINK_LENGTH`, is `''` — no link; every
 * renderer and channel shows the text without one.
 */
import { isVerbatim } from '../mux/untrusted-text.js';

/** 2,000 characters: what every mail client, chat client and browser opens; Slack's own limit is 3,000. */
export const MAX_LINK_LENGTH = 2000;
interface Base {
  dashboardUrl: string;
}
interface Span {
  startEpoch: number;
  endEpoch: number;
}

const trim = (u: string): string => u.replace(/\/+$/, '');
const tf = (p: Span): string => `timeframe[]=${p.startEpoch}&timeframe[]=${p.endEpoch}`;

/** `''` unless every value is verbatim and the link fits (see above). */
function link(values: readonly string[], build: (enc: typeof encodeURIComponent) => string): string {
  if (!values.every(isVerbatim)) return '';
  const url = build(encodeURIComponent);
  return url.length <= MAX_LINK_LENGTH ? url : '';
}

export function segmentUrl(env: Base, period: Span, metric: string, dimension: string, value: string): string {
  return link(
    [metric, dimension, value],
    (enc) =>
      `${trim(env.dashboardUrl)}/data/metrics/${enc(metric)}/breakdown?dimension=${enc(dimension)}&filters[]=${enc(`${dimension}:${value}`)}&${tf(period)}`,
  );
}

export function metricUrl(env: Base, period: Span, metric: string): string {
  return link([metric], (enc) => `${trim(env.dashboardUrl)}/data/metrics/${enc(metric)}?${tf(period)}`);
}

export function incidentUrl(env: Base, id: string): string {
  return link([id], (enc) => `${trim(env.dashboardUrl)}/data/incidents/${enc(id)}`);
}

export function videoViewUrl(env: Base, id: string): string {
  return link([id], (enc) => `${trim(env.dashboardUrl)}/data/video-views/${enc(id)}`);
}

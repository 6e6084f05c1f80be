/**
 * The live view as a small self-contained HTML page: no scripts, no external resources (a CSP meta
 * forbids both), bars drawn with table cells. Every string that came from Mux or the request
 * (environment, filters, countries, reasons) is escaped: titles and countries can be `<script>`.
 */
import { escapeHtml } from '../format/html.js';
import type { LivePoint, LiveView } from './view.js';

export { escapeHtml };

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const fixed2 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const fixed1 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

const num = (v: number | null) => (v === null ? '–' : integer.format(v));
const pct = (ratio: number | null, f = fixed1) => (ratio === null ? '–' : `${f.format(ratio * 100)} %`);
/** `HH:MM` UTC of an ISO time (Mux sends UTC). */
const minute = (iso: string | null) => (iso === null ? '–' : escapeHtml(iso.slice(11, 16)));

function ms(v: number | null, unit: string): string {
  if (v === null) return '–';
  if (unit === 'milliseconds') return v >= 1000 ? `${fixed2.format(v / 1000)} s` : `${integer.format(v)} ms`;
  return `${integer.format(v)} ${escapeHtml(unit)}`;
}

/** A horizontal bar, width as a share of the largest value (numbers only: nothing to escape). */
function bar(value: number | null, max: number): string {
  const width = value === null || max <= 0 ? 0 : Math.max(0, Math.min(100, (value / max) * 100));
  return `<td class="bar"><div style="width:${width.toFixed(1)}%"></div></td>`;
}

function seriesTable(points: readonly LivePoint[], format: (v: number | null) => string, label: string): string {
  if (points.length === 0) return '<p class="muted">No recent points.</p>';
  const max = Math.max(0, ...points.map((p) => p.value ?? 0));
  const rows = [...points]
    .reverse()
    .map((p) => `<tr><td>${minute(p.at)}</td><td class="n">${format(p.value)}</td>${bar(p.value, max)}</tr>`)
    .join('');
  return `<table><thead><tr><th>Minute (UTC)</th><th class="n">${label}</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}

function unavailableNote(view: LiveView, part: string): string {
  const reason = view.unavailable.find((u) => u.startsWith(`${part}:`));
  const text = reason ? reason.slice(part.length + 1).trim() : 'not available';
  return `<p class="muted">Unavailable: ${escapeHtml(text)}</p>`;
}

function concurrentSection(view: LiveView): string {
  const part = view.concurrentViewers;
  if (!part) return `<h2>Concurrent viewers</h2>${unavailableNote(view, 'concurrentViewers')}`;
  return (
    `<h2>Concurrent viewers</h2><p class="big">${num(part.current)}</p>` +
    `<p class="muted">at ${minute(part.at)} UTC · peak ${num(part.peak)} in the last 30 minutes</p>` +
    seriesTable(part.series, num, 'Viewers')
  );
}

function rebufferingSection(view: LiveView): string {
  const part = view.rebuffering;
  if (!part) return `<h2>Rebuffering</h2>${unavailableNote(view, 'rebuffering')}`;
  return (
    `<h2>Rebuffering</h2><p class="big">${pct(part.ratio, fixed2)}</p>` +
    `<p class="muted">of watch time, at ${minute(part.at)} UTC</p>` +
    seriesTable(part.series, (v) => pct(v, fixed2), 'Rebuffering')
  );
}

function histogramSection(view: LiveView): string {
  const part = view.startupTimeHistogram;
  if (!part) return `<h2>Startup time</h2>${unavailableNote(view, 'startupTimeHistogram')}`;
  const unit = part.bucketUnit;
  const max = Math.max(0, ...part.buckets.map((b) => b.percentage));
  const rows = part.buckets
    .map((b) => {
      const range = b.end === null ? `≥ ${ms(b.start, unit)}` : `${ms(b.start, unit)} – ${ms(b.end, unit)}`;
      return `<tr><td>${range}</td><td class="n">${num(b.count)}</td><td class="n">${pct(b.percentage)}</td>${bar(b.percentage, max)}</tr>`;
    })
    .join('');
  return (
    `<h2>Startup time</h2><p>Median <b>${ms(part.median, unit)}</b> · 95th percentile <b>${ms(part.p95, unit)}</b> · ` +
    `average <b>${ms(part.average, unit)}</b></p>` +
    `<p class="muted">${num(part.total)} startups in the minute of ${minute(part.at)} UTC</p>` +
    `<table><thead><tr><th>Startup time</th><th class="n">Views</th><th class="n">Share</th><th></th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

function countriesSection(view: LiveView): string {
  const rows = view.topCountries;
  if (!rows) return `<h2>Top countries</h2>${unavailableNote(view, 'topCountries')}`;
  if (rows.length === 0) return '<h2>Top countries</h2><p class="muted">Nobody is watching right now.</p>';
  const max = Math.max(0, ...rows.map((r) => r.concurrentViewers));
  const body = rows
    .map((r) => {
      const name = r.displayName && r.displayName !== r.country ? ` (${escapeHtml(r.displayName)})` : '';
      return `<tr><td>${escapeHtml(r.country)}${name}</td><td class="n">${num(r.concurrentViewers)}</td><td class="n">${pct(r.share)}</td>${bar(r.concurrentViewers, max)}</tr>`;
    })
    .join('');
  return `<h2>Top countries</h2><table><thead><tr><th>Country</th><th class="n">Viewers</th><th class="n">Share</th><th></th></tr></thead><tbody>${body}</tbody></table>`;
}

const STYLE = [
  'body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2937;max-width:760px;margin:24px auto;padding:0 16px}',
  'h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 6px;border-bottom:1px solid #e5e7eb;padding-bottom:4px}',
  '.big{font-size:32px;font-weight:600;margin:4px 0}.muted{color:#6b7280;margin:2px 0 8px}',
  'table{border-collapse:collapse;width:100%}th,td{padding:3px 8px;text-align:left;border-bottom:1px solid #f3f4f6}',
  '.n{text-align:right;white-space:nowrap}td.bar{width:40%}td.bar div{background:#fa50b5;height:10px;border-radius:2px}',
  '.warn{background:#fef3c7;border:1px solid #f59e0b;padding:8px 12px;border-radius:4px}',
].join('');

export function renderLiveHtml(view: LiveView): string {
  const title = view.environment ? `Live — ${view.environment}` : 'Live';
  const filters =
    view.filters.length > 0 ? ` · filters: ${view.filters.map((f) => `<code>${escapeHtml(f)}</code>`).join(', ')}` : '';
  const warn =
    view.unavailable.length > 0
      ? `<div class="warn"><b>Partly unavailable</b><ul>${view.unavailable.map((u) => `<li>${escapeHtml(u)}</li>`).join('')}</ul></div>`
      : '';
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="muted">Mux Monitoring · generated ${escapeHtml(view.generatedAt)}${filters}</p>`,
    warn,
    concurrentSection(view),
    rebufferingSection(view),
    histogramSection(view),
    countriesSection(view),
    '</body></html>',
    '',
  ].join('\n');
}

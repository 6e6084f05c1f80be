/**
 * The email's one column-chart partial (`<%~ include('@chart', chart) %>` in a section's template.mjml; the data is
 * a ChartVM from sections/chart-kit.ts). Plain HTML, not MJML: one table row, one cell per column, drawn with
 * borders (border widths on table cells are what every client, Outlook for Windows included, honours; it ignores
 * CSS heights on blocks): the empty top is a border in the card's colour, the bar the bottom border, the cell's
 * background the band's tint. Colours are classes (head.mjml: both schemes; an inverting client recolours them
 * like any other). The chart's accessible name carries every number (role="img"); the axis row under it names
 * the first period and the last. Every `<%= %>` is escaped as everywhere else.
 */
import { CHART_HEIGHT } from '../sections/chart-kit.js';

export const COLUMN_CHART_PARTIAL = `<table class="ch" role="img" aria-label="<%= it.label %>" width="100%" cellpadding="0" cellspacing="0"><tr><td class="c0" height="${CHART_HEIGHT}" width="1"></td><% it.columns.forEach((c) => { %><td class="cl <%= c.c %><% if (c.z) { %> cz<% } %>" style="border-width:<%= c.top %>px 1px <%= c.bar %>px 0"></td><% }) %></tr></table>
<table class="ax" role="presentation" width="100%"><tr><td><%= it.from %></td><td class="n"><%= it.to %></td></tr></table>`;

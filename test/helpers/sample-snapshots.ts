/**
 * Sample snapshots shared by the renderer, delivery, archive and bench tests. Every factory returns a
 * fresh object that passes `snapshotSchema.parse` (checked in test/render/sample-snapshots.test.ts).
 *
 * - `defaultSnapshot()`: a realistic weekly report (2026-W47, Europe/Paris).
 * - `worstCaseSnapshot()`: every list at its configured maximum, long non-ASCII names (size budget).
 * - `emptySnapshot()`: "no views in this period".
 * - `hostileSnapshot()`: markup, template tags, bidi overrides and CR/LF in every string that comes from Mux.
 * - `partialSnapshot()`: some sections unavailable (with reasons), one disabled.
 * - `hourlySnapshot()`: a daily report with 24 hourly trend points.
 */
import { SECTION_IDS, type SectionId } from '../../functions/commons/config/schema.js';
import {
  type MetricValue,
  type PeriodJson,
  SNAPSHOT_SCHEMA_VERSION,
  type Snapshot,
} from '../../functions/commons/report/snapshot-schema.js';

type Breakdown = Snapshot['breakdowns']['items'][number];
type ErrorRow = Snapshot['errors']['items'][number];
type Incident = Snapshot['incidents']['items'][number];
type FailedView = Snapshot['failedViews']['items'][number];
type Insight = Snapshot['insights']['items'][number];
type TrendPoint = Snapshot['trend']['points'][number];

const DASHBOARD = 'https://dashboard.mux.com/organizations/org1/environments/env1';

/** The strings a hostile (or just unlucky) Mux account could return; the renderer must show them as text. */
export const HOSTILE_STRINGS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{x}}',
  '<%= it.x %>',
  '<%~ process.exit() %>',
  'שלום',
  '\u202Egnp.exe',
  '🎬🔥',
] as const;

const period = (over: Partial<PeriodJson> = {}): PeriodJson => ({
  key: '2026-W47',
  label: 'week of 16 Nov 2026',
  cadence: 'weekly',
  timeZone: 'Europe/Paris',
  start: '2026-11-16T00:00:00+01:00',
  end: '2026-11-23T00:00:00+01:00',
  startEpoch: 1794783600,
  endEpoch: 1795388400,
  ...over,
});

const previousWeek = (): PeriodJson =>
  period({
    key: '2026-W46',
    label: 'week of 9 Nov 2026',
    start: '2026-11-09T00:00:00+01:00',
    end: '2026-11-16T00:00:00+01:00',
    startEpoch: 1794178800,
    endEpoch: 1794783600,
  });

function mv(
  metric: string,
  label: string,
  unit: MetricValue['unit'],
  direction: MetricValue['direction'],
  value: number | null,
  display: string,
  previous: number | null,
  previousDisplay: string,
  deltaDisplay: string,
  verdict: MetricValue['verdict'],
  global: [number, string] | null = null,
  measurement: string | null = null,
): MetricValue {
  const deltaAbsolute = value !== null && previous !== null ? value - previous : null;
  return {
    metric,
    measurement,
    label,
    unit,
    direction,
    value,
    display,
    previous,
    previousDisplay,
    deltaAbsolute,
    deltaRelative: deltaAbsolute !== null && previous ? deltaAbsolute / Math.abs(previous) : null,
    deltaDisplay,
    globalValue: global ? global[0] : null,
    globalDisplay: global ? global[1] : null,
    verdict,
  };
}

const allSections = (status: 'ok' | 'unavailable' | 'disabled' = 'ok'): Snapshot['sections'] =>
  Object.fromEntries(SECTION_IDS.map((id) => [id, status])) as Record<SectionId, typeof status>;

function scores(): MetricValue[] {
  return [
    mv(
      'viewer_experience_score',
      'Overall Viewer Experience',
      'score',
      'higher_is_better',
      0.82,
      '82',
      0.79,
      '79',
      '+3',
      'better',
      [0.79, '79'],
    ),
    mv(
      'playback_success_score',
      'Playback Success',
      'score',
      'higher_is_better',
      0.97,
      '97',
      0.97,
      '97',
      '±0',
      'flat',
      [0.96, '96'],
    ),
    mv('startup_time_score', 'Startup Time', 'score', 'higher_is_better', 0.71, '71', 0.74, '74', '−3', 'worse', [
      0.7,
      '70',
    ]),
    mv('rebuffer_score', 'Smoothness', 'score', 'higher_is_better', 0.88, '88', 0.81, '81', '+7', 'better', [
      0.84,
      '84',
    ]),
    mv('video_quality_score', 'Video Quality', 'score', 'higher_is_better', 0.76, '76', null, 'N/A', 'N/A', 'n/a', [
      0.78,
      '78',
    ]),
  ];
}

function volume(): MetricValue[] {
  return [
    mv('views', 'Views', 'count', 'neutral', 48213, '48,213', 46312, '46,312', '+4.1%', 'flat'),
    mv('unique_viewers', 'Unique viewers', 'count', 'neutral', 17604, '17,604', 17950, '17,950', '−1.9%', 'flat'),
    mv('playing_time', 'Watch time', 'ms', 'neutral', 1_112_400_000, '309 h', 1_051_200_000, '292 h', '+5.8%', 'flat'),
  ];
}

function keyMetrics(): MetricValue[] {
  return [
    mv(
      'video_startup_time',
      'Video startup time',
      'ms',
      'lower_is_better',
      1210,
      '1.21 s',
      1090,
      '1.09 s',
      '+120 ms',
      'worse',
      null,
      'median',
    ),
    mv(
      'video_startup_time',
      'Video startup time',
      'ms',
      'lower_is_better',
      4380,
      '4.38 s',
      4520,
      '4.52 s',
      '−140 ms',
      'better',
      null,
      '95th',
    ),
    mv(
      'rebuffer_percentage',
      'Rebuffering',
      'percentage',
      'lower_is_better',
      0.0041,
      '0.41%',
      0.0062,
      '0.62%',
      '−0.21 pp',
      'better',
    ),
    mv(
      'playback_failure_percentage',
      'Playback failures',
      'percentage',
      'lower_is_better',
      0.0118,
      '1.18%',
      0.0121,
      '1.21%',
      '−0.03 pp',
      'flat',
    ),
    mv(
      'exits_before_video_start',
      'Exits before video start',
      'percentage',
      'lower_is_better',
      0.0532,
      '5.32%',
      0.0488,
      '4.88%',
      '+0.44 pp',
      'worse',
    ),
    mv('upscale_percentage', 'Upscaling', 'percentage', 'lower_is_better', 0.0213, '2.13%', null, 'N/A', 'N/A', 'n/a'),
  ];
}

const insight = (
  metricLabel: string,
  dimension: string,
  dimensionValue: string,
  display: string,
  views: number,
  impact: number,
): Insight => ({
  metric: 'viewer_experience_score',
  metricLabel,
  dimension,
  dimensionValue,
  value: Number.parseFloat(display) / 100,
  display,
  negativeImpactScore: impact,
  views,
  url: `${DASHBOARD}/metrics/viewer_experience_score/insights?dimension=${encodeURIComponent(dimension)}`,
});

function insights(): Insight[] {
  return [
    insight('Overall Viewer Experience', 'Browser', 'Samsung Internet', '61', 2210, 0.31),
    insight('Overall Viewer Experience', 'Country', 'BR', '64', 1874, 0.22),
    insight('Overall Viewer Experience', 'Player version', '8.2.0-beta', '66', 1312, 0.17),
    insight('Overall Viewer Experience', 'Operating system', 'Android 10', '70', 4120, 0.12),
    insight('Overall Viewer Experience', 'CDN', 'edge-fra-2', '74', 3301, 0.08),
  ];
}

const incident = (
  id: string,
  severity: string,
  inPeriod: Incident['inPeriod'],
  description: string,
  affectedViews: number | null,
  startedAt: string,
  resolvedAt: string | null,
): Incident => ({
  id,
  status: resolvedAt ? 'closed' : 'open',
  severity,
  startedAt,
  resolvedAt,
  inPeriod,
  description,
  impact: affectedViews ? `${affectedViews} views affected` : null,
  measurement: 'playback_failure_percentage',
  measuredValue: 0.084,
  threshold: 0.05,
  affectedViews,
  breakdowns: [{ name: 'country', value: 'BR' }],
  relatedCount: resolvedAt ? null : 2,
  url: `${DASHBOARD}/incidents/${id}`,
});

function incidents(): Snapshot['incidents'] {
  return {
    status: 'ok',
    reason: null,
    opened: 2,
    resolved: 2,
    stillOpen: 1,
    items: [
      incident(
        'inc_7Hq2',
        'critical',
        'ongoing',
        'Playback failures above 5% in BR',
        1432,
        '2026-11-21T18:04:00Z',
        null,
      ),
      incident(
        'inc_6Pa9',
        'warning',
        'opened_and_resolved',
        'Startup time above 3 s on Safari',
        612,
        '2026-11-18T07:12:00Z',
        '2026-11-18T09:40:00Z',
      ),
      incident(
        'inc_5Zk1',
        'warning',
        'resolved',
        'Rebuffering above 2% on edge-fra-2',
        287,
        '2026-11-14T22:30:00Z',
        '2026-11-16T03:05:00Z',
      ),
    ],
  };
}

const errorRow = (
  id: number,
  code: string,
  message: string,
  views: number,
  pct: number,
  previousViews: number | null,
  deltaDisplay: string,
): ErrorRow => ({
  id,
  code,
  message,
  description: null,
  views,
  percentage: pct,
  percentageDisplay: `${(pct * 100).toFixed(2)}%`,
  previousViews,
  deltaDisplay,
  lastSeen: '2026-11-22T21:14:00Z',
});

function errors(): Snapshot['errors'] {
  return {
    status: 'ok',
    reason: null,
    items: [
      errorRow(1001, '4', 'MEDIA_ERR_SRC_NOT_SUPPORTED', 212, 0.0044, 180, '+17.8%'),
      errorRow(1002, '2', 'MEDIA_ERR_NETWORK: manifest request failed', 141, 0.0029, 166, '−15.1%'),
      errorRow(1003, '3', 'MEDIA_ERR_DECODE', 77, 0.0016, 79, '−2.5%'),
      errorRow(1004, 'DRM-401', 'License request denied', 52, 0.0011, null, 'N/A'),
      errorRow(1005, '1', 'MEDIA_ERR_ABORTED', 38, 0.0008, 35, '+8.6%'),
    ],
    other: { count: 7, views: 49 },
    totalErrorViews: 569,
  };
}

function breakdownRows(
  fields: Array<[string, string, number]>,
  value: (d: string) => number | null,
): Breakdown['rows'] {
  const total = fields.reduce((s, [, , v]) => s + v, 0);
  return fields.map(([field, display, views]) => ({
    field,
    isOther: field === 'Other',
    value: value(display),
    display,
    views,
    viewShare: views / total,
    negativeImpact: null,
  }));
}

const score = (d: string): number | null => (d === 'N/A' ? null : Number.parseInt(d, 10) / 100);

function breakdowns(): Breakdown[] {
  const b = (
    dimension: string,
    dimensionLabel: string,
    rows: Array<[string, string, number]>,
    totalSegments: number,
  ): Breakdown => ({
    dimension,
    dimensionLabel,
    metric: 'viewer_experience_score',
    metricLabel: 'Overall Viewer Experience',
    unit: 'score',
    rows: breakdownRows(rows, score),
    totalSegments,
  });
  return [
    b(
      'country',
      'Country',
      [
        ['FR', '84', 21840],
        ['BE', '83', 6120],
        ['CA', '81', 4870],
        ['CH', '85', 3310],
        ['BR', '64', 1874],
        ['Other', '80', 10199],
      ],
      61,
    ),
    b(
      'browser',
      'Browser',
      [
        ['Chrome', '83', 22410],
        ['Safari', '80', 14220],
        ['Samsung Internet', '61', 2210],
        ['Firefox', '84', 4630],
        ['Edge', '82', 3120],
        ['Other', '79', 1623],
      ],
      14,
    ),
    b(
      'viewer_device_category',
      'Device',
      [
        ['phone', '79', 25110],
        ['desktop', '86', 15420],
        ['tv', '83', 5120],
        ['tablet', '81', 2563],
      ],
      4,
    ),
    b(
      'player_name',
      'Player',
      [
        ['web-main', '83', 39120],
        ['android-app', '77', 6430],
        ['ios-app', '81', 2663],
      ],
      3,
    ),
  ];
}

const DAYS = ['Mon 16', 'Tue 17', 'Wed 18', 'Thu 19', 'Fri 20', 'Sat 21', 'Sun 22'];
function trendPoints(): TrendPoint[] {
  const values = [81, 83, 79, 82, 84, 80, 85];
  const views = [6120, 6480, 6902, 6755, 7010, 7390, 7556];
  return DAYS.map((label, i) => ({
    start: new Date(Date.UTC(2026, 10, 15 + i, 23)).toISOString(),
    label,
    value: values[i]! / 100,
    display: String(values[i]),
    views: views[i]!,
  }));
}

const failedView = (
  i: number,
  videoTitle: string,
  country: string,
  browser: string,
  os: string,
  errorCode: string,
  errorMessage: string,
): FailedView => ({
  id: `v_${(0x4f3a2b + i * 7919).toString(16)}`,
  viewStart: new Date(Date.UTC(2026, 10, 16 + (i % 7), 8 + i, 12)).toISOString(),
  viewEnd: new Date(Date.UTC(2026, 10, 16 + (i % 7), 8 + i, 13)).toISOString(),
  videoTitle,
  country,
  browser,
  os,
  errorTypeId: 1001 + (i % 5),
  errorCode,
  errorMessage,
  url: `${DASHBOARD}/views/v_${(0x4f3a2b + i * 7919).toString(16)}`,
});

function failedViews(): Snapshot['failedViews'] {
  return {
    status: 'ok',
    reason: null,
    totalFailed: 569,
    items: [
      failedView(0, 'Le Grand Match — replay', 'BR', 'Chrome', 'Android', '4', 'MEDIA_ERR_SRC_NOT_SUPPORTED'),
      failedView(
        1,
        'Journal de 20 h',
        'FR',
        'Samsung Internet',
        'Android',
        '2',
        'MEDIA_ERR_NETWORK: manifest request failed',
      ),
      failedView(2, 'Cuisine facile, épisode 12', 'BE', 'Safari', 'iOS', '3', 'MEDIA_ERR_DECODE'),
    ],
  };
}

/** A realistic weekly report for 2026-W47 (Europe/Paris). */
export function defaultSnapshot(): Snapshot {
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    report: { id: 'web-weekly', title: 'Web player — weekly QoE', cadence: 'weekly', filters: [] },
    environment: { name: 'production', dashboardUrl: 'https://dashboard.mux.com' },
    period: period(),
    previousPeriod: previousWeek(),
    generatedAt: '2026-11-23T07:00:04.512Z',
    archiveLocation: 's3://mux-qoe-reports-archive/snapshots/report=web-weekly/period=2026-W47/snapshot.json',
    headline: {
      text: 'Viewer experience 82 (+3 vs last week, Mux global 79) — week of 16 Nov 2026',
      totalViews: 48213,
      hasViews: true,
    },
    sections: allSections(),
    scores: { status: 'ok', reason: null, items: scores() },
    volume: { status: 'ok', reason: null, items: volume() },
    keyMetrics: { status: 'ok', reason: null, items: keyMetrics() },
    insights: { status: 'ok', reason: null, items: insights() },
    incidents: incidents(),
    errors: errors(),
    breakdowns: { status: 'ok', reason: null, items: breakdowns() },
    trend: { status: 'ok', reason: null, metric: 'viewer_experience_score', granularity: 'day', points: trendPoints() },
    failedViews: failedViews(),
    cost: { calls: 41, retries: 1, rateLimited: 0, bytes: 183_402, durationMs: 9_412 },
  };
}

/** 120 code points of mixed non-ASCII text (2–4 UTF-8 bytes each), unique per `i`. */
export function longTitle(i: number): string {
  const base = `${i} — Épisode spécial « Ünïcödé » 東京ライブ配信 שלום עולם 🎬 `;
  let s = '';
  while ([...s].length < 120) s += base;
  return [...s].slice(0, 120).join('');
}

/** Every list at its maximum (topN 10, 8 breakdowns × 10 + Other, 31 days, 20 failed views, 10 incidents). */
export function worstCaseSnapshot(): Snapshot {
  const s = defaultSnapshot();
  s.report = { id: 'all-players-monthly', title: longTitle(0), cadence: 'monthly', filters: ['!player_name:test'] };
  s.period = period({
    key: '2026-10',
    label: 'October 2026',
    cadence: 'monthly',
    start: '2026-10-01T00:00:00+02:00',
    end: '2026-11-01T00:00:00+01:00',
    startEpoch: 1790805600,
    endEpoch: 1793487600,
  });
  s.previousPeriod = period({
    key: '2026-09',
    label: 'September 2026',
    cadence: 'monthly',
    start: '2026-09-01T00:00:00+02:00',
    end: '2026-10-01T00:00:00+02:00',
    startEpoch: 1788213600,
    endEpoch: 1790805600,
  });
  s.headline.text = `Viewer experience 82 (+3 vs previous month, Mux global 79) — October 2026 ${longTitle(99)}`;
  s.keyMetrics.items = [...keyMetrics(), ...keyMetrics()].map((m, i) => ({
    ...m,
    label: i < 6 ? m.label : longTitle(i),
  }));
  s.insights.items = Array.from({ length: 10 }, (_, i) =>
    insight(longTitle(i), longTitle(i + 10), longTitle(i + 20), '61', 2210 - i, 0.3 - i / 100),
  );
  s.incidents = {
    ...incidents(),
    opened: 10,
    resolved: 6,
    stillOpen: 4,
    items: Array.from({ length: 10 }, (_, i) =>
      incident(
        `inc_${i}`,
        i % 3 ? 'warning' : 'critical',
        i < 4 ? 'ongoing' : 'opened_and_resolved',
        longTitle(i),
        10_000 + i,
        '2026-10-02T08:00:00Z',
        i < 4 ? null : '2026-10-03T08:00:00Z',
      ),
    ),
  };
  s.errors = {
    status: 'ok',
    reason: null,
    items: Array.from({ length: 10 }, (_, i) =>
      errorRow(2000 + i, `E${i}`, longTitle(i), 900 - i * 50, 0.01, 800, '+12.5%'),
    ),
    other: { count: 42, views: 311 },
    totalErrorViews: 7_061,
  };
  s.breakdowns.items = Array.from({ length: 8 }, (_, d) => ({
    dimension: `dimension_${d}`,
    dimensionLabel: longTitle(d),
    metric: 'viewer_experience_score',
    metricLabel: 'Overall Viewer Experience',
    unit: 'score',
    rows: breakdownRows(
      [
        ...Array.from({ length: 10 }, (_, i): [string, string, number] => [
          longTitle(d * 10 + i),
          String(90 - i),
          10_000 - i * 900,
        ]),
        ['Other', '77', 4_321],
      ],
      score,
    ),
    totalSegments: 250,
  }));
  s.trend.points = Array.from({ length: 31 }, (_, i) => ({
    start: new Date(Date.UTC(2026, 9, 1 + i) - (i < 25 ? 2 : 1) * 3_600_000).toISOString(),
    label: `${['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed'][i % 7]} ${i + 1}`,
    value: (75 + (i % 9)) / 100,
    display: String(75 + (i % 9)),
    views: 30_000 + i * 1_111,
  }));
  s.failedViews = {
    status: 'ok',
    reason: null,
    totalFailed: 7_061,
    items: Array.from({ length: 20 }, (_, i) =>
      failedView(i, longTitle(i), 'BR', 'Samsung Internet', 'Android', `E${i}`, longTitle(i + 50)),
    ),
  };
  return s;
}

/** "No views in this period": sections ok but empty, values null. */
export function emptySnapshot(): Snapshot {
  const s = defaultSnapshot();
  const na = (m: MetricValue): MetricValue => ({
    ...m,
    value: null,
    display: 'N/A',
    deltaAbsolute: null,
    deltaRelative: null,
    deltaDisplay: 'N/A',
    verdict: 'n/a',
  });
  s.headline = { text: 'No views — week of 16 Nov 2026', totalViews: 0, hasViews: false };
  s.scores.items = s.scores.items.map(na);
  s.volume.items = s.volume.items.map((m) => ({
    ...na(m),
    value: 0,
    display: m.metric === 'playing_time' ? '0 h' : '0',
  }));
  s.keyMetrics.items = s.keyMetrics.items.map(na);
  s.insights.items = [];
  s.incidents = { status: 'ok', reason: null, opened: 0, resolved: 0, stillOpen: 0, items: [] };
  s.errors = { status: 'ok', reason: null, items: [], other: null, totalErrorViews: 0 };
  s.breakdowns.items = [];
  s.trend.points = trendPoints().map((p) => ({ ...p, value: null, display: 'N/A', views: 0 }));
  s.failedViews = { status: 'ok', reason: null, totalFailed: 0, items: [] };
  return s;
}

/** Hostile strings in every field that comes from Mux or from the configuration. */
export function hostileSnapshot(): Snapshot {
  const s = defaultSnapshot();
  const h = (i: number): string => `${HOSTILE_STRINGS[i % HOSTILE_STRINGS.length]}`;
  const all = HOSTILE_STRINGS.join(' ');
  s.report.title = `Report ${h(0)} ${h(2)}\r\nBcc: victim@example.com`;
  s.headline.text = `Viewer experience 82 ${h(1)}\r\nBcc: victim@example.com ${h(3)} ${h(4)}`;
  s.archiveLocation = `s3://bucket/${h(1)}`;
  s.environment.name = h(3);
  s.keyMetrics.items = s.keyMetrics.items.map((m, i) => ({ ...m, label: `${m.label} ${h(i)}` }));
  s.insights.items = s.insights.items.map((x, i) => ({
    ...x,
    dimensionValue: `${h(i)} ${h(i + 1)}`,
    url: i === 0 ? 'javascript:alert(1)' : `${x.url}&q="><script>alert(1)</script>`,
  }));
  s.incidents.items = s.incidents.items.map((x, i) => ({
    ...x,
    description: `${h(i + 2)} line1\r\nline2`,
    severity: h(i),
  }));
  s.errors.items = s.errors.items.map((x, i) => ({ ...x, message: `${h(i)} ${h(i + 3)}`, code: h(i + 4) }));
  s.breakdowns.items = s.breakdowns.items.map((b, bi) => ({
    ...b,
    dimensionLabel: `${b.dimensionLabel} ${h(bi)}`,
    rows: b.rows.map((r, i) => (r.isOther ? r : { ...r, field: `${h(i + bi)} ${h(i + bi + 5)}` })),
  }));
  s.trend.points = s.trend.points.map((p, i) => ({ ...p, label: `${p.label} ${h(i)}` }));
  s.failedViews.items = s.failedViews.items.map((v, i) => ({
    ...v,
    videoTitle: all,
    country: h(i),
    browser: h(i + 1),
    os: 'שלום \u202E evil',
    errorMessage: `${h(i + 2)}\r\n${h(i + 3)}`,
    url: `${v.url}"><img src=x onerror=alert(1)>`,
  }));
  return s;
}

/** Some sections unavailable (with reasons), one disabled. */
export function partialSnapshot(): Snapshot {
  const s = defaultSnapshot();
  s.sections.incidents = 'unavailable';
  s.incidents = {
    status: 'unavailable',
    reason: 'Mux answered 403 Forbidden: the token lacks Monitoring access',
    opened: 0,
    resolved: 0,
    stillOpen: 0,
    items: [],
  };
  s.sections.breakdowns = 'unavailable';
  s.breakdowns = { status: 'unavailable', reason: 'Mux rate limit: gave up after 4 retries', items: [] };
  s.sections.failedViews = 'disabled';
  s.failedViews = { status: 'disabled', reason: 'Disabled in the report configuration', totalFailed: null, items: [] };
  return s;
}

/** A daily report (Sunday 22 Nov 2026) with 24 hourly trend points. */
export function hourlySnapshot(): Snapshot {
  const s = defaultSnapshot();
  s.report = { id: 'web-daily', title: 'Web player — daily QoE', cadence: 'daily', filters: [] };
  s.period = period({
    key: '2026-11-22',
    label: 'Sun 22 Nov 2026',
    cadence: 'daily',
    start: '2026-11-22T00:00:00+01:00',
    end: '2026-11-23T00:00:00+01:00',
    startEpoch: 1795302000,
    endEpoch: 1795388400,
  });
  s.previousPeriod = period({
    key: '2026-11-21',
    label: 'Sat 21 Nov 2026',
    cadence: 'daily',
    start: '2026-11-21T00:00:00+01:00',
    end: '2026-11-22T00:00:00+01:00',
    startEpoch: 1795215600,
    endEpoch: 1795302000,
  });
  s.headline.text = 'Viewer experience 85 (+5 vs previous day, Mux global 79) — Sun 22 Nov 2026';
  s.trend = {
    status: 'ok',
    reason: null,
    metric: 'viewer_experience_score',
    granularity: 'hour',
    points: Array.from({ length: 24 }, (_, h) => ({
      start: new Date((1795302000 + h * 3600) * 1000).toISOString(),
      label: `${String(h).padStart(2, '0')}:00`,
      value: h >= 2 && h <= 5 ? null : (78 + ((h * 7) % 10)) / 100,
      display: h >= 2 && h <= 5 ? 'N/A' : String(78 + ((h * 7) % 10)),
      views: h >= 2 && h <= 5 ? 0 : 200 + h * 37,
    })),
  };
  return s;
}

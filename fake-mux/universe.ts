/**
 * The synthetic world behind every endpoint: a fixed set of "cohorts" (one full combination of dimension values each,
 * e.g. US / desktop / Windows / Chrome / fastly / "Big Buck Bunny") and, per UTC hour and cohort, one cell of
 * aggregates (views, failures, per-view means of latent quality factors). Everything is a pure function of
 * (seed, hour, cohort), so any endpoint derived from it is consistent with the others and byte-stable.
 *
 * Sub-hour ranges split a cell with floor(v*s/3600) which telescopes: summing any partition of an hour gives back
 * exactly v, so timeseries/breakdown/overall views always add up.
 */
import { ERROR_TYPES } from './catalog.js';
import { pickWeighted, token, unit } from './hash.js';
import { PlantedEffects, type Regression } from './regressions.js';

export type Attrs = Record<string, string>;

export interface Cohort {
  index: number;
  attrs: Attrs;
  trace: string[];
  weight: number;
  tz: number;
  /** Multiplicative quality effects (1 = neutral, >1 = worse except engagement). */
  eff: { st: number; rb: number; fl: number; vq: number; lat: number; eng: number; uniq: number };
  errorWeights: number[];
}

// ---- static tables ------------------------------------------------------------------------------------------------

interface CountryDef {
  code: string;
  continent: string;
  weight: number;
  tz: number;
  regions: string[];
  asns: string[];
  st: number;
  rb: number;
  lat: number;
}

const COUNTRIES: CountryDef[] = [
  {
    code: 'US',
    continent: 'NA',
    weight: 30,
    tz: -5,
    regions: ['California', 'Texas', 'New York', 'Florida'],
    asns: ['7922', '7018', '701'],
    st: 1,
    rb: 1,
    lat: 1,
  },
  {
    code: 'GB',
    continent: 'EU',
    weight: 10,
    tz: 0,
    regions: ['England', 'Scotland'],
    asns: ['2856', '5089'],
    st: 0.95,
    rb: 0.9,
    lat: 0.95,
  },
  {
    code: 'FR',
    continent: 'EU',
    weight: 8,
    tz: 1,
    regions: ['Île-de-France', "Provence-Alpes-Côte d'Azur"],
    asns: ['3215', '12322'],
    st: 0.97,
    rb: 1,
    lat: 0.95,
  },
  {
    code: 'DE',
    continent: 'EU',
    weight: 8,
    tz: 1,
    regions: ['Bavaria', 'Berlin'],
    asns: ['3320'],
    st: 0.93,
    rb: 0.85,
    lat: 0.9,
  },
  {
    code: 'BR',
    continent: 'SA',
    weight: 7,
    tz: -3,
    regions: ['São Paulo', 'Rio de Janeiro'],
    asns: ['28573', '18881'],
    st: 1.3,
    rb: 1.5,
    lat: 1.3,
  },
  {
    code: 'IN',
    continent: 'AS',
    weight: 9,
    tz: 5,
    regions: ['Maharashtra', 'Karnataka'],
    asns: ['55836', '9498'],
    st: 1.5,
    rb: 1.6,
    lat: 1.5,
  },
  {
    code: 'JP',
    continent: 'AS',
    weight: 6,
    tz: 9,
    regions: ['Tokyo', 'Osaka'],
    asns: ['2516', '4713'],
    st: 0.85,
    rb: 0.8,
    lat: 0.85,
  },
  {
    code: 'CA',
    continent: 'NA',
    weight: 5,
    tz: -5,
    regions: ['Ontario', 'Quebec'],
    asns: ['812'],
    st: 1,
    rb: 1,
    lat: 1,
  },
  {
    code: 'AU',
    continent: 'OC',
    weight: 4,
    tz: 10,
    regions: ['New South Wales'],
    asns: ['1221'],
    st: 1.1,
    rb: 1.1,
    lat: 1.2,
  },
  { code: 'ES', continent: 'EU', weight: 3, tz: 1, regions: ['Madrid'], asns: ['3352'], st: 1, rb: 1, lat: 1 },
  {
    code: 'MX',
    continent: 'NA',
    weight: 3,
    tz: -6,
    regions: ['Ciudad de México'],
    asns: ['8151'],
    st: 1.2,
    rb: 1.3,
    lat: 1.2,
  },
  { code: 'NG', continent: 'AF', weight: 2, tz: 1, regions: ['Lagos'], asns: ['29465'], st: 1.7, rb: 2, lat: 1.7 },
];

interface Choice {
  v: string;
  w: number;
}

const DEVICES: Choice[] = [
  { v: 'desktop', w: 45 },
  { v: 'phone', w: 40 },
  { v: 'tablet', w: 8 },
  { v: 'tv', w: 7 },
];

const OS_BY_DEVICE: Record<string, Choice[]> = {
  desktop: [
    { v: 'Windows', w: 60 },
    { v: 'macOS', w: 30 },
    { v: 'Linux', w: 10 },
  ],
  phone: [
    { v: 'iOS', w: 50 },
    { v: 'Android', w: 50 },
  ],
  tablet: [
    { v: 'iPadOS', w: 60 },
    { v: 'Android', w: 40 },
  ],
  tv: [
    { v: 'tvOS', w: 30 },
    { v: 'Roku', w: 40 },
    { v: 'Android TV', w: 30 },
  ],
};

const BROWSER_BY_OS: Record<string, Choice[]> = {
  Windows: [
    { v: 'Chrome', w: 65 },
    { v: 'Edge', w: 25 },
    { v: 'Firefox', w: 10 },
  ],
  macOS: [
    { v: 'Safari', w: 50 },
    { v: 'Chrome', w: 45 },
    { v: 'Firefox', w: 5 },
  ],
  Linux: [
    { v: 'Chrome', w: 60 },
    { v: 'Firefox', w: 40 },
  ],
  iOS: [
    { v: 'Mobile Safari', w: 75 },
    { v: 'Chrome', w: 25 },
  ],
  Android: [
    { v: 'Chrome', w: 85 },
    { v: 'Samsung Internet', w: 15 },
  ],
  iPadOS: [{ v: 'Mobile Safari', w: 1 }],
  tvOS: [{ v: 'AVPlayer', w: 1 }],
  Roku: [{ v: 'Roku', w: 1 }],
  'Android TV': [{ v: 'ExoPlayer', w: 1 }],
};

const MANUFACTURER_BY_OS: Record<string, string> = {
  Windows: 'Dell',
  macOS: 'Apple',
  Linux: 'Lenovo',
  iOS: 'Apple',
  Android: 'Samsung',
  iPadOS: 'Apple',
  tvOS: 'Apple',
  Roku: 'Roku',
  'Android TV': 'Google',
};

interface TitleDef {
  title: string;
  id: string;
  series: string;
  live: boolean;
  weight: number;
  fl: number;
  eng: number;
}

/**
 * Realistic titles (issue 22 §6: the demo looks like a real week), with non-ASCII/emoji, quotes and ampersands as
 * real catalogues have them. Hostile values (markup, mentions, controls…) are the tests' scenario:
 * fake-mux/hostile-scenario.ts.
 */
export const TITLES: TitleDef[] = [
  { title: 'Big Buck Bunny', id: 'vid-bbb-001', series: 'Open Movies', live: false, weight: 14, fl: 1, eng: 1 },
  {
    title: 'Café Tokyo 東京 — Night Food Walk 🎬',
    id: 'vid-cafe-002',
    series: 'Travel Diaries',
    live: false,
    weight: 10,
    fl: 1.1,
    eng: 1.2,
  },
  {
    title: 'Behind the Scenes: Season Finale',
    id: 'vid-xss-003',
    series: 'Originals',
    live: false,
    weight: 4,
    fl: 6,
    eng: 0.5,
  },
  { title: 'Sintel', id: 'vid-sintel-004', series: 'Open Movies', live: false, weight: 9, fl: 0.9, eng: 1.1 },
  { title: 'Tears of Steel', id: 'vid-tos-005', series: 'Open Movies', live: false, weight: 8, fl: 1, eng: 1 },
  { title: 'Morning News Live', id: 'vid-news-006', series: 'News', live: true, weight: 12, fl: 1.3, eng: 1.6 },
  {
    title: 'Football Highlights — Week 7',
    id: 'vid-foot-007',
    series: 'Sports',
    live: false,
    weight: 11,
    fl: 1,
    eng: 0.8,
  },
  { title: 'Tom & Jerry "Remastered"', id: 'vid-tj-008', series: 'Kids', live: false, weight: 7, fl: 1, eng: 0.9 },
  { title: "Kids' Cartoon Hour", id: 'vid-kids-009', series: 'Kids', live: false, weight: 6, fl: 0.8, eng: 1.3 },
  {
    title: 'Quarterly Earnings Call Q3',
    id: 'vid-earn-010',
    series: 'Investor Relations',
    live: true,
    weight: 3,
    fl: 1.2,
    eng: 2,
  },
  { title: 'Élan vital: a documentary', id: 'vid-elan-011', series: 'Docs', live: false, weight: 5, fl: 0.9, eng: 1.4 },
];

const CDNS: Choice[] = [
  { v: 'fastly', w: 40 },
  { v: 'cloudflare', w: 30 },
  { v: 'akamai', w: 20 },
  { v: 'cloudfront', w: 10 },
];

const CONNECTION_BY_DEVICE: Record<string, Choice[]> = {
  desktop: [
    { v: 'wired', w: 40 },
    { v: 'wifi', w: 60 },
  ],
  phone: [
    { v: 'cellular', w: 45 },
    { v: 'wifi', w: 55 },
  ],
  tablet: [
    { v: 'wifi', w: 85 },
    { v: 'cellular', w: 15 },
  ],
  tv: [
    { v: 'wired', w: 50 },
    { v: 'wifi', w: 50 },
  ],
};

/** Dimensions that carry real values in the model; every other known dimension is '' for all views. */
export const MODELED_DIMENSIONS = [
  'country',
  'continent_code',
  'region',
  'asn',
  'viewer_device_category',
  'viewer_device_manufacturer',
  'operating_system',
  'browser',
  'player_name',
  'player_software',
  'sub_property_id',
  'video_title',
  'video_id',
  'video_series',
  'stream_type',
  'source_type',
  'cdn',
  'viewer_connection_type',
  'view_has_ad',
] as const;

/** Dimensions scanned by /insights. */
export const INSIGHT_DIMENSIONS = [
  'country',
  'viewer_device_category',
  'operating_system',
  'browser',
  'player_name',
  'video_title',
  'stream_type',
  'cdn',
  'viewer_connection_type',
  'asn',
] as const;

const clampRate = (x: number) => Math.max(0, Math.min(1, x));

const pick = (choices: Choice[], u: number): string =>
  choices[
    pickWeighted(
      choices.map((c) => c.w),
      u,
    )
  ]!.v;

// ---- cell layout --------------------------------------------------------------------------------------------------

/** Field offsets, shared by cells (per-view means for the factor fields) and aggregates (sums). */
export const F = {
  V: 0,
  PF: 1,
  SF: 2,
  EBVS: 3,
  DROP: 4,
  PBE: 5,
  SBE: 6,
  PLAY: 7,
  WATCH: 8,
  ST: 9,
  RB: 10,
  VQ: 11,
  LAT: 12,
  UNIQ: 13,
  /** Planted regressions (regressions.ts): ms added to each view's startup time, and viewer experience score points
   * per view (a non-failed view's three experience sub-scores move by it, so its score does; metrics.ts `vesShift`). */
  STX: 14,
  SCX: 15,
} as const;
export const NF = 16;

export type Agg = Float64Array;
export const newAgg = (): Agg => new Float64Array(NF);

/**
 * How big the universe is, and how a cohort is adjusted after it is drawn. The default (140 cohorts, ~150 views an
 * hour) is the one every test and golden was made with; the `platform` scenario (platform.ts) is a larger one with
 * hundreds of customers on `sub_property_id`. Cohort ids are two base-36 characters of a view id: at most 1,296.
 */
export interface UniverseShape {
  cohorts: number;
  viewsPerHour: number;
  adjust?: (cohort: Cohort) => Cohort;
}
export const DEFAULT_SHAPE: UniverseShape = { cohorts: 140, viewsPerHour: 150 };
const MAX_COHORTS = 36 * 36;
const HOUR = 3600;
export const DAY_S = 86_400;

function diurnal(localHour: number): number {
  const d20 = localHour - 20;
  const d12 = localHour - 12;
  return 0.3 + 1.3 * Math.exp(-(d20 * d20) / 14) + 0.45 * Math.exp(-(d12 * d12) / 8);
}
const DIURNAL_MEAN = Array.from({ length: 24 }, (_, h) => diurnal(h)).reduce((a, b) => a + b, 0) / 24;

/** Monday-aligned week index of an epoch hour (epoch day 0 was a Thursday). */
export const weekOfHour = (h: number): number => Math.floor((Math.floor(h / 24) + 3) / 7);

const FAMILIES = ['views', 'st', 'rb', 'fl', 'vq', 'lat', 'eng'] as const;

export interface ViewRef {
  hour: number;
  cohort: number;
  k: number;
  end: number;
}

export class Universe {
  readonly cohorts: Cohort[];
  private readonly totalWeight: number;
  private readonly hourCache = new Map<number, Float64Array>();
  private readonly weekCache = new Map<number, Float64Array>();
  private readonly rangeCache = new Map<string, Float64Array>();
  private readonly planted: PlantedEffects;

  /** Throws a RegressionError when a regression matches no cohort (a typo would otherwise plant nothing). */
  private readonly n: number;
  private readonly viewsPerHour: number;

  constructor(
    readonly seed: number,
    regressions: Regression[] = [],
    shape: UniverseShape = DEFAULT_SHAPE,
  ) {
    if (!Number.isInteger(shape.cohorts) || shape.cohorts < 1 || shape.cohorts > MAX_COHORTS)
      throw new RangeError(`a universe has 1..${MAX_COHORTS} cohorts (got ${shape.cohorts})`);
    this.n = shape.cohorts;
    this.viewsPerHour = shape.viewsPerHour;
    const adjust = shape.adjust ?? ((c: Cohort) => c);
    this.cohorts = Array.from({ length: this.n }, (_, i) => adjust(this.makeCohort(i)));
    this.totalWeight = this.cohorts.reduce((a, c) => a + c.weight, 0);
    this.planted = new PlantedEffects(this.cohorts, (c, dim) => this.valueOf(c, dim), regressions);
  }

  private makeCohort(index: number): Cohort {
    const u = (label: string) => unit(this.seed, 'cohort', index, label);
    const country =
      COUNTRIES[
        pickWeighted(
          COUNTRIES.map((c) => c.weight),
          u('country'),
        )
      ]!;
    const device = pick(DEVICES, u('device'));
    const os = pick(OS_BY_DEVICE[device]!, u('os'));
    const browser = pick(BROWSER_BY_OS[os]!, u('browser'));
    const title =
      TITLES[
        pickWeighted(
          TITLES.map((t) => t.weight),
          u('title'),
        )
      ]!;
    const cdn = pick(CDNS, u('cdn'));
    const connection = pick(CONNECTION_BY_DEVICE[device]!, u('conn'));
    const web = device === 'desktop' || (device !== 'tv' && u('web') < 0.55);
    const playerName = web
      ? 'Web Player'
      : device === 'tv'
        ? 'TV App'
        : os === 'iOS' || os === 'iPadOS'
          ? 'iOS App'
          : 'Android App';
    const software = web
      ? u('sw') < 0.6
        ? 'hls.js'
        : 'Video.js'
      : os.endsWith('OS') || os === 'iOS'
        ? 'AVPlayer'
        : os === 'Roku'
          ? 'Roku'
          : 'ExoPlayer';
    const trace = u('trace') < 0.12 ? [cdn, cdn === 'fastly' ? 'cloudflare' : 'fastly'] : [cdn];
    const attrs: Attrs = {
      country: country.code,
      continent_code: country.continent,
      region: country.regions[Math.floor(u('region') * country.regions.length)]!,
      asn: country.asns[Math.floor(u('asn') * country.asns.length)]!,
      viewer_device_category: device,
      viewer_device_manufacturer: MANUFACTURER_BY_OS[os]!,
      operating_system: os,
      browser,
      player_name: playerName,
      player_software: software,
      sub_property_id: web ? 'web' : 'apps',
      video_title: title.title,
      video_id: title.id,
      video_series: title.series,
      stream_type: title.live ? 'live' : 'on-demand',
      source_type: title.live || u('src') < 0.8 ? 'application/x-mpegURL' : 'video/mp4',
      cdn,
      viewer_connection_type: connection,
      view_has_ad: u('ad') < 0.3 ? 'true' : 'false',
    };
    const noise = (label: string) => 0.85 + 0.3 * u(`noise-${label}`);
    const cellular = connection === 'cellular';
    // Designed hot spots so insights always have something to say, whatever the seed.
    const brAkamai = country.code === 'BR' && cdn === 'akamai' ? 3 : 1;
    const inCell = country.code === 'IN' && cellular ? 1.8 : 1;
    const eff = {
      st:
        country.st *
        (cellular ? 1.35 : 1) *
        (device === 'tv' ? 1.2 : 1) *
        (title.live ? 1.15 : 1) *
        inCell *
        noise('st'),
      rb: country.rb * (cellular ? 1.8 : 1) * (device === 'tv' ? 0.8 : 1) * brAkamai * noise('rb'),
      fl:
        title.fl *
        (browser === 'Samsung Internet' ? 2 : 1) *
        (browser === 'Firefox' ? 1.3 : 1) *
        (device === 'tv' ? 1.4 : 1) *
        noise('fl'),
      vq:
        (device === 'phone' ? 0.6 : device === 'tv' ? 1.8 : 1) *
        (browser === 'Samsung Internet' ? 2.5 : 1) *
        (cellular ? 1.4 : 1) *
        noise('vq'),
      lat: country.lat * (cellular ? 1.3 : 1) * noise('lat'),
      eng: title.eng * (device === 'tv' ? 1.6 : device === 'phone' ? 0.8 : 1) * noise('eng'),
      uniq: 0.55 + 0.35 * u('uniq'),
    };
    const errorWeights = ERROR_TYPES.map((e) => {
      if (e.id === 1842) return title.fl > 3 ? 12 : 1; // decode errors on the broken title
      if (e.id === 6630) return software === 'AVPlayer' ? 5 : 0;
      if (e.id === 5120) return device === 'tv' ? 3 : 0.5;
      if (e.id === 2210) return cellular ? 4 : 2;
      if (e.id === 4401) return cdn === 'akamai' ? 3 : 1;
      return 2;
    });
    return { index, attrs, trace, weight: 0.3 + 1.4 * u('weight'), tz: country.tz, eff, errorWeights };
  }

  /** Weight share of the cohorts in the mask (used by monitoring, which is not view-based). */
  share(mask: Uint8Array): number {
    let w = 0;
    for (const c of this.cohorts) if (mask[c.index]) w += c.weight;
    return w / this.totalWeight;
  }

  private weekFactors(week: number): Float64Array {
    let wf = this.weekCache.get(week);
    if (wf) return wf;
    wf = new Float64Array(this.n * FAMILIES.length);
    for (let f = 0; f < FAMILIES.length; f++) {
      const fam = FAMILIES[f]!;
      // Org-wide weekly swing per family (some weeks better, some worse), then per country and per title.
      const global = 1 + 0.3 * (unit(this.seed, 'week', week, fam) - 0.5);
      for (const c of this.cohorts) {
        const byCountry = 1 + 0.2 * (unit(this.seed, 'week', week, fam, c.attrs.country!) - 0.5);
        const byTitle = 1 + 0.2 * (unit(this.seed, 'week', week, fam, c.attrs.video_id!) - 0.5);
        wf[c.index * FAMILIES.length + f] = global * byCountry * byTitle;
      }
    }
    if (this.weekCache.size > 64) this.weekCache.clear();
    this.weekCache.set(week, wf);
    return wf;
  }

  /** Cells of one epoch hour: cohorts × NF (counts and per-view means). */
  hourCells(h: number): Float64Array {
    let cells = this.hourCache.get(h);
    if (cells) return cells;
    cells = new Float64Array(this.n * NF);
    const wf = this.weekFactors(weekOfHour(h));
    const utcHour = h % 24;
    const dow = (Math.floor(h / 24) + 3) % 7;
    const weekend = dow >= 5 ? 1.15 : 1;
    const nfam = FAMILIES.length;
    for (const c of this.cohorts) {
      const i = c.index;
      const w = (f: number) => wf[i * nfam + f]!;
      const u = (label: number) => unit(this.seed, h, i, label);
      const local = (((utcHour + c.tz) % 24) + 24) % 24;
      // A planted regression (null almost everywhere) changes this cell only; unaffected cells keep their exact bits.
      const e = this.planted.at(i, h * HOUR);
      const expected =
        ((this.viewsPerHour * c.weight) / this.totalWeight) * (diurnal(local) / DIURNAL_MEAN) * weekend * w(0);
      const v = Math.floor((e ? expected * e.views : expected) + u(0));
      if (v === 0) continue;
      const jitter = (label: number) => 0.9 + 0.2 * u(label);
      const st = c.eff.st * w(1) * jitter(1);
      const rb0 = c.eff.rb * w(2) * jitter(2);
      const fl = c.eff.fl * w(3) * jitter(3);
      const vq0 = c.eff.vq * w(4) * jitter(4);
      const lat = c.eff.lat * w(5) * jitter(5);
      const eng = c.eff.eng * w(6) * jitter(6);
      // Factors stay positive (downscale_percentage divides by a power of vq); a large negative change saturates.
      const rb = e ? Math.max(0, rb0 + e.rebufferFactor) : rb0;
      const vq = e ? Math.max(0.01, vq0 + e.qualityFactor) : vq0;
      const failRate = Math.min(0.6, 0.011 * fl);
      const pf = Math.min(v, Math.floor(v * (e ? clampRate(failRate + e.failureRate) : failRate) + u(7)));
      const sf = Math.min(pf, Math.floor(pf * 0.4 + u(8)));
      const playM = Math.round(340_000 * eng);
      const o = i * NF;
      cells[o + F.V] = v;
      cells[o + F.PF] = pf;
      cells[o + F.SF] = sf;
      cells[o + F.EBVS] = Math.min(v, Math.floor((e ? v * clampRate(0.045 * st + e.exitRate) : v * 0.045 * st) + u(9)));
      cells[o + F.DROP] = Math.min(v, Math.floor(v * 0.004 + u(10)));
      cells[o + F.PBE] = Math.min(v, Math.floor(v * 0.003 + u(11)));
      cells[o + F.SBE] = Math.min(v, Math.floor(v * 0.002 + u(12)));
      cells[o + F.PLAY] = playM;
      const stx = e ? e.startupMs : 0;
      cells[o + F.WATCH] = playM + Math.round(1400 * st + stx) + Math.round(playM * 0.0065 * rb);
      cells[o + F.ST] = st;
      cells[o + F.RB] = rb;
      cells[o + F.VQ] = vq;
      cells[o + F.LAT] = lat;
      cells[o + F.UNIQ] = c.eff.uniq;
      cells[o + F.STX] = stx;
      if (e) cells[o + F.SCX] = e.score;
    }
    if (this.hourCache.size > 4000) this.hourCache.clear();
    this.hourCache.set(h, cells);
    return cells;
  }

  /** Adds views with view index in [a, b) of one cell to `agg` (counts spread evenly over the hour's views). */
  private addRange(agg: Agg, ao: number, cells: Float64Array, co: number, a: number, b: number): void {
    const n = b - a;
    if (n <= 0) return;
    const v = cells[co + F.V]!;
    const spread = (count: number) => Math.floor((b * count) / v) - Math.floor((a * count) / v);
    const pf = cells[co + F.PF]!;
    agg[ao + F.V]! += n;
    agg[ao + F.PF]! += spread(pf);
    if (pf > 0) {
      const sf = cells[co + F.SF]!;
      const fa = Math.floor((a * pf) / v);
      const fb = Math.floor((b * pf) / v);
      agg[ao + F.SF]! += Math.floor((fb * sf) / pf) - Math.floor((fa * sf) / pf);
    }
    agg[ao + F.EBVS]! += spread(cells[co + F.EBVS]!);
    agg[ao + F.DROP]! += spread(cells[co + F.DROP]!);
    agg[ao + F.PBE]! += spread(cells[co + F.PBE]!);
    agg[ao + F.SBE]! += spread(cells[co + F.SBE]!);
    for (let f = F.PLAY; f < NF; f++) agg[ao + f]! += n * cells[co + f]!;
  }

  /**
   * Visits every hour overlapping [start, end) and calls back with the view-index range inside the window.
   * Views only exist up to `cutoff` (the fake's "now").
   */
  private forEachSlice(
    start: number,
    end: number,
    cutoff: number,
    fn: (h: number, cells: Float64Array, s0: number, s1: number) => void,
  ): void {
    const stop = Math.min(end, cutoff);
    if (stop <= start) return;
    for (let h = Math.floor(start / HOUR); h * HOUR < stop; h++) {
      const base = h * HOUR;
      fn(h, this.hourCells(h), Math.max(start, base) - base, Math.min(stop, base + HOUR) - base);
    }
  }

  /** Per-cohort sums over [start, end): cohorts × NF. Cached because a report asks the same window many times. */
  cohortTotals(start: number, end: number, cutoff: number): Float64Array {
    const key = `${start}:${Math.min(end, cutoff)}`;
    const hit = this.rangeCache.get(key);
    if (hit) return hit;
    const out = new Float64Array(this.n * NF);
    this.forEachSlice(start, end, cutoff, (_h, cells, s0, s1) => {
      for (let i = 0; i < this.n; i++) {
        const co = i * NF;
        const v = cells[co + F.V]!;
        if (v === 0) continue;
        this.addRange(out, co, cells, co, Math.floor((v * s0) / HOUR), Math.floor((v * s1) / HOUR));
      }
    });
    if (this.rangeCache.size > 256) this.rangeCache.clear();
    this.rangeCache.set(key, out);
    return out;
  }

  /** Sum of one window over the masked cohorts. */
  sum(start: number, end: number, cutoff: number, mask: Uint8Array): Agg {
    const totals = this.cohortTotals(start, end, cutoff);
    const agg = newAgg();
    for (let i = 0; i < this.n; i++) if (mask[i]) for (let f = 0; f < NF; f++) agg[f]! += totals[i * NF + f]!;
    return agg;
  }

  /** Uncached sum of one (small) window over the masked cohorts — used for timeseries buckets. */
  sumRange(start: number, end: number, cutoff: number, mask: Uint8Array): Agg {
    const agg = newAgg();
    this.forEachSlice(start, end, cutoff, (_h, cells, s0, s1) => {
      for (let i = 0; i < this.n; i++) {
        if (!mask[i]) continue;
        const co = i * NF;
        const v = cells[co + F.V]!;
        if (v === 0) continue;
        this.addRange(agg, 0, cells, co, Math.floor((v * s0) / HOUR), Math.floor((v * s1) / HOUR));
      }
    });
    return agg;
  }

  /** Cheap check used before computing full per-view facts. */
  isFailing(ref: ViewRef): boolean {
    const cells = this.hourCells(ref.hour);
    const co = ref.cohort * NF;
    const v = cells[co + F.V]!;
    const pf = cells[co + F.PF]!;
    return Math.floor(((ref.k + 1) * pf) / v) > Math.floor((ref.k * pf) / v);
  }

  /** Sum per dimension value over the masked cohorts. */
  groupBy(start: number, end: number, cutoff: number, mask: Uint8Array, dim: string): Map<string, Agg> {
    const totals = this.cohortTotals(start, end, cutoff);
    const groups = new Map<string, Agg>();
    for (const c of this.cohorts) {
      if (!mask[c.index]) continue;
      const o = c.index * NF;
      if (totals[o + F.V] === 0) continue;
      const key = this.valueOf(c, dim);
      let agg = groups.get(key);
      if (!agg) {
        agg = newAgg();
        groups.set(key, agg);
      }
      for (let f = 0; f < NF; f++) agg[f]! += totals[o + f]!;
    }
    return groups;
  }

  /** A cohort's value for a dimension ('' for dimensions the model does not populate). */
  valueOf(c: Cohort, dim: string): string {
    if (dim === 'video_cdn_trace') return c.trace.join(',');
    return c.attrs[dim] ?? '';
  }

  /** References to every view ending in [start, end) among the masked cohorts, sorted by end time then id. */
  viewsIn(start: number, end: number, cutoff: number, mask: Uint8Array): ViewRef[] {
    const refs: ViewRef[] = [];
    this.forEachSlice(start, end, cutoff, (h, cells, s0, s1) => {
      const hourRefs: ViewRef[] = [];
      for (let i = 0; i < this.n; i++) {
        if (!mask[i]) continue;
        const v = cells[i * NF + F.V]!;
        if (v === 0) continue;
        for (let k = Math.floor((v * s0) / HOUR); k < Math.floor((v * s1) / HOUR); k++) {
          hourRefs.push({ hour: h, cohort: i, k, end: h * HOUR + Math.ceil(((k + 1) * HOUR) / v) - 1 });
        }
      }
      hourRefs.sort((x, y) => x.end - y.end || x.cohort - y.cohort || x.k - y.k);
      for (const r of hourRefs) refs.push(r);
    });
    return refs;
  }

  /** Per-view facts, derived from the cell so counts match the aggregates exactly. */
  viewFacts(ref: ViewRef) {
    const cells = this.hourCells(ref.hour);
    const co = ref.cohort * NF;
    const v = cells[co + F.V]!;
    const pf = cells[co + F.PF]!;
    const sf = cells[co + F.SF]!;
    const k = ref.k;
    const failing = Math.floor(((k + 1) * pf) / v) > Math.floor((k * pf) / v);
    const j = Math.floor((k * pf) / v);
    const startupFailure = failing && Math.floor(((j + 1) * sf) / pf) > Math.floor((j * sf) / pf);
    const ebvs = cells[co + F.EBVS]!;
    const exitedBeforeStart = Math.floor(((k + 1) * ebvs) / v) > Math.floor((k * ebvs) / v);
    const cohort = this.cohorts[ref.cohort]!;
    const u = (label: string) => unit(this.seed, 'view', ref.hour, ref.cohort, k, label);
    const error = failing ? ERROR_TYPES[pickWeighted(cohort.errorWeights, u('error'))]! : null;
    const st = cells[co + F.ST]!;
    const rb = cells[co + F.RB]!;
    const vq = cells[co + F.VQ]!;
    const stx = cells[co + F.STX]!;
    const scx = cells[co + F.SCX]!;
    const spreadF = (label: string) => 0.35 + 1.3 * u(label) * u(`${label}2`) * 2;
    const startup =
      exitedBeforeStart || startupFailure ? null : Math.max(0, Math.round(1400 * st * spreadF('st') + stx));
    const watch = Math.max(1000, Math.round(cells[co + F.WATCH]! * (0.2 + 1.6 * u('watch'))));
    const rebufferPct = startup === null ? null : Math.min(1, 0.0065 * rb * spreadF('rb'));
    const upscale = startup === null ? null : Math.min(1, 0.021 * vq * spreadF('vq'));
    const score = (x: number) => Math.max(0, Math.min(1, x));
    const startupScore = startup === null ? null : score(1.02 - (0.12 * startup) / 1000 + scx);
    const smooth = rebufferPct === null ? null : score(Math.exp(-10 * rebufferPct) + scx);
    const quality = upscale === null ? null : score(1 - 2 * upscale + scx);
    const ves = failing
      ? 0
      : startupScore === null || smooth === null || quality === null
        ? null
        : score(0.4 * startupScore + 0.3 * smooth + 0.3 * quality);
    return {
      cohort,
      failing,
      startupFailure,
      exitedBeforeStart,
      error,
      viewerId: token(12, this.seed, 'viewer', ref.cohort, Math.floor(u('viewer') * 25)),
      startup,
      watch,
      playing: Math.max(0, watch - (startup ?? 0)),
      rebufferPct,
      upscale,
      ves,
      startupScore,
      smooth,
      quality,
    };
  }

  /** Opaque 36-char Mux-like id that still decodes back to its view. */
  viewId(ref: ViewRef): string {
    const head =
      ref.hour.toString(36).padStart(5, '0') +
      ref.cohort.toString(36).padStart(2, '0') +
      ref.k.toString(36).padStart(3, '0');
    return head + token(26, this.seed, 'id', ref.hour, ref.cohort, ref.k);
  }

  decodeViewId(id: string, cutoff: number): ViewRef | null {
    if (!/^[0-9a-z]{10}[A-Za-z0-9]{26}$/.test(id)) return null;
    const hour = Number.parseInt(id.slice(0, 5), 36);
    const cohort = Number.parseInt(id.slice(5, 7), 36);
    const k = Number.parseInt(id.slice(7, 10), 36);
    if (cohort >= this.n || hour * HOUR >= cutoff) return null;
    const v = this.hourCells(hour)[cohort * NF + F.V]!;
    if (k >= v) return null;
    const ref = { hour, cohort, k, end: hour * HOUR + Math.ceil(((k + 1) * HOUR) / v) - 1 };
    if (ref.end >= cutoff || this.viewId(ref) !== id) return null;
    return ref;
  }
}

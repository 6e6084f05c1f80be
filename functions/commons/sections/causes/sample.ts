/** Sample causes (test data only, see ../sample-kit.ts). */
import { DASHBOARD, hostile, longTitle, type SectionSample } from '../sample-kit.js';
import type { Cause, CausesPart, MetricCauses } from './schema.js';

const link = (metric: string, dim: string, value: string) =>
  `${DASHBOARD}/data/metrics/${metric}/breakdown?dimension=${dim}&filters[]=${encodeURIComponent(`${dim}:${value}`)}&timeframe[]=1763938800&timeframe[]=1764543600`;

function cause(over: Partial<Cause> & Pick<Cause, 'field' | 'text'>): Cause {
  return {
    dimension: 'browser',
    dimensionLabel: 'Browser',
    contribution: 84,
    share: 0.7,
    kind: 'rate',
    value: 1610,
    previous: 1200,
    viewShare: 0.29,
    previousViewShare: 0.28,
    url: link('video_startup_time', over.dimension ?? 'browser', over.field),
    incidents: [],
    ...over,
  };
}

function startup(field = 'Safari', incidents: Cause['incidents'] = []): MetricCauses {
  const c = cause({ field, text: `browser ${field}: +410 ms on 29% of views`, incidents });
  return {
    metric: 'video_startup_time',
    measurement: 'median',
    label: 'Video startup time',
    unit: 'ms',
    verdict: 'worse',
    deltaAbsolute: 120,
    deltaDisplay: '+120 ms',
    approximate: true,
    sentence: `Video startup time (median) +120 ms vs last week — 70% of it from ${c.text}`,
    causes: [c],
    dimensions: [
      {
        dimension: 'browser',
        dimensionLabel: 'Browser',
        reliable: true,
        segments: [
          {
            field,
            isOther: false,
            value: 1610,
            previous: 1200,
            views: 14220,
            previousViews: 13100,
            viewShare: 0.29,
            previousViewShare: 0.28,
            rate: 82,
            mix: 2,
            contribution: 84,
            share: 0.7,
          },
          {
            field: 'Other',
            isOther: true,
            value: 1150,
            previous: 1120,
            views: 34800,
            previousViews: 33700,
            viewShare: 0.71,
            previousViewShare: 0.72,
            rate: 36,
            mix: 0,
            contribution: 36,
            share: 0.3,
          },
        ],
      },
    ],
    skipped: [{ dimension: 'player_name', why: 'call budget' }],
  };
}

function rebuffer(): MetricCauses {
  const c = cause({
    dimension: 'country',
    dimensionLabel: 'Country',
    field: 'BR',
    contribution: 0.0021,
    share: 0.6,
    value: 0.031,
    previous: 0.012,
    viewShare: 0.11,
    previousViewShare: 0.1,
    text: 'country BR: +1.9 pp on 11% of views',
    url: link('rebuffer_percentage', 'country', 'BR'),
  });
  return {
    metric: 'rebuffer_percentage',
    measurement: 'avg',
    label: 'Rebuffering',
    unit: 'percentage',
    verdict: 'worse',
    deltaAbsolute: 0.0035,
    deltaDisplay: '+0.35 pp',
    approximate: false,
    sentence: `Rebuffering +0.35 pp vs last week — 60% of it from ${c.text}`,
    causes: [c],
    dimensions: [],
    skipped: [],
  };
}

const part = (over: Partial<CausesPart>): CausesPart => ({
  status: 'ok',
  reason: null,
  moved: 2,
  summary: null,
  items: [startup(), rebuffer()],
  annotations: [
    { id: 'a1', date: '2026-11-17T13:00:00.000Z', label: 'Tue 17 Nov 2026, 14:00', note: 'Deploy player v3.2.0' },
  ],
  calls: 8,
  ...over,
});

export const sample: SectionSample<CausesPart> = {
  default: () => part({}),
  // The score and 12 key metrics moved, each with three causes and an incident; 20 annotations (5 shown).
  worstCase: () =>
    part({
      moved: 13,
      items: Array.from({ length: 13 }, (_, i) => {
        const m = startup(longTitle(i), [
          { id: `inc${i}`, description: longTitle(i + 50), url: `${DASHBOARD}/data/incidents/inc${i}` },
        ]);
        const more = [1, 2].map((j) => cause({ field: longTitle(i * 3 + j), text: `browser ${longTitle(i * 3 + j)}` }));
        return { ...m, sentence: `${m.sentence} ${longTitle(i + 20)}`, causes: [...m.causes, ...more] };
      }),
      annotations: Array.from({ length: 20 }, (_, i) => ({
        id: `a${i}`,
        date: '2026-11-17T13:00:00.000Z',
        label: 'Tue 17 Nov 2026, 14:00',
        note: longTitle(i + 100),
      })),
    }),
  empty: () =>
    part({
      moved: 0,
      summary: 'Nothing moved beyond tolerance vs last week: no causes to report.',
      items: [],
      annotations: [],
      calls: 0,
    }),
  hostile: () =>
    part({
      items: [startup(hostile(0), [{ id: hostile(1), description: hostile(2), url: 'javascript:alert(1)' }])].map(
        (m) => ({
          ...m,
          sentence: `${m.sentence} ${hostile(3)}`,
        }),
      ),
      annotations: [{ id: hostile(4), date: '2026-11-17T13:00:00.000Z', label: hostile(5), note: hostile(6) }],
    }),
};

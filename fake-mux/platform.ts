/**
 * The `platform` scenario: one Mux environment serving a video platform's customers, each on its own
 * `sub_property_id` (issue 25). The same universe model as the default (universe.ts: cohorts × hour cells, so
 * overall, breakdown, comparison, timeseries, insights, errors and video views agree), with many more cohorts,
 * each belonging to one customer, and the customers' sizes skewed like a real platform's: Zipf (the customer of
 * rank r gets 1/r of the first one's views), so a few large customers and a long tail of small ones.
 *
 *   PLATFORM_CUSTOMERS customers `cust-0001` … `cust-1200` (rank order: `cust-0001` is the largest, ~13% of views;
 *   the smallest has a few dozen views a week); the ten largest span several cohorts (several countries, devices,
 *   titles), so their full reports have breakdowns worth reading; every other customer is one cohort.
 *
 * Only `sub_property_id` and the cohort's weight change; every other dimension value is drawn as in the default
 * universe, so a customer's views spread over countries, devices and titles like everyone's.
 */
import type { Cohort, UniverseShape } from './universe.js';

export const PLATFORM_CUSTOMERS = 1200;

/** Extra cohorts of the largest customers (rank 1 first): 80, for 1,280 cohorts in all (a view id allows 1,296). */
const EXTRA_COHORTS = [20, 15, 12, 10, 8, 3, 3, 3, 3, 3] as const;
const EXTRA_TOTAL = EXTRA_COHORTS.reduce((a, b) => a + b, 0);

/** Views per hour over the whole platform (the default universe has 150): ~400,000 views a week. */
const PLATFORM_VIEWS_PER_HOUR = 2400;

/** `cust-0001` for rank 1: fixed width, so the names sort like their ranks. */
export const customerId = (rank: number): string => `cust-${String(rank).padStart(4, '0')}`;

/** The customer (0-based rank) of cohort `index`: one cohort each, then the extra cohorts of the largest ones. */
function customerOf(index: number): number {
  if (index < PLATFORM_CUSTOMERS) return index;
  let rest = index - PLATFORM_CUSTOMERS;
  for (let rank = 0; rank < EXTRA_COHORTS.length; rank++) {
    if (rest < EXTRA_COHORTS[rank]!) return rank;
    rest -= EXTRA_COHORTS[rank]!;
  }
  throw new RangeError(`cohort ${index} is beyond the platform's ${PLATFORM_CUSTOMERS + EXTRA_TOTAL} cohorts`);
}

const cohortsOf = (rank: number): number => 1 + (EXTRA_COHORTS[rank] ?? 0);

export const PLATFORM_SHAPE: UniverseShape = {
  cohorts: PLATFORM_CUSTOMERS + EXTRA_TOTAL,
  viewsPerHour: PLATFORM_VIEWS_PER_HOUR,
  adjust(cohort: Cohort): Cohort {
    const rank = customerOf(cohort.index);
    // Zipf over customers, shared by the customer's cohorts; the cohort's own draw (0.3..1.7) becomes a ±15%
    // jitter, so the ranks by views are close to (not exactly) the names' order.
    const jitter = 1 + 0.15 * ((cohort.weight - 1) / 0.7);
    const weight = ((1 / (rank + 1)) * jitter) / cohortsOf(rank);
    return { ...cohort, weight, attrs: { ...cohort.attrs, sub_property_id: customerId(rank + 1) } };
  },
};

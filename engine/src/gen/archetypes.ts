/**
 * Customer archetypes the generator plants, each with the purchase pattern that defines it.
 * "ago" is whole days before the last day of the generated range.
 */
export const ARCHETYPES = ['champion', 'loyal', 'new', 'at_risk', 'hibernating', 'occasional'] as const;

export type Archetype = (typeof ARCHETYPES)[number];

export interface ArchetypeProfile {
  /** Share of customers. */
  share: number;
  /** Number of orders: [min, max], uniform. */
  orders: readonly [number, number];
  /** Last purchase, in days before the end of the range: [min, max]. */
  lastAgo: readonly [number, number];
  /** First purchase, days before the last purchase: [min, max] (clipped to the range). */
  span: readonly [number, number];
  /** Mean lines per order (lognormal around it). */
  basket: number;
  /** Quantity multiplier (champions buy in bulk, occasional customers in ones and twos). */
  quantity: number;
  description: string;
}

export const ARCHETYPE_PROFILES: Record<Archetype, ArchetypeProfile> = {
  champion: {
    share: 0.06,
    orders: [8, 20],
    lastAgo: [0, 14],
    span: [200, 364],
    basket: 11,
    quantity: 2,
    description: 'recent, frequent, high spend: 8-20 orders, the last within 14 days',
  },
  loyal: {
    share: 0.1,
    orders: [4, 9],
    lastAgo: [0, 60],
    span: [150, 364],
    basket: 9,
    quantity: 1,
    description: 'regular buyers: 4-9 orders over the year, the last within 60 days',
  },
  new: {
    share: 0.12,
    orders: [1, 2],
    lastAgo: [0, 25],
    span: [0, 5],
    basket: 7,
    quantity: 1,
    description: 'first purchase within the last 30 days, 1-2 orders',
  },
  at_risk: {
    share: 0.1,
    orders: [4, 9],
    lastAgo: [120, 240],
    span: [90, 364],
    basket: 9,
    quantity: 1,
    description: 'used to buy often (4-9 orders), lapsed: the last 4-8 months ago',
  },
  hibernating: {
    share: 0.27,
    orders: [1, 2],
    lastAgo: [180, 364],
    span: [0, 60],
    basket: 6,
    quantity: 1,
    description: '1-2 old orders, the last 6-12 months ago',
  },
  occasional: {
    share: 0.35,
    orders: [2, 3],
    lastAgo: [20, 150],
    span: [60, 300],
    basket: 3,
    quantity: 0.5,
    description: 'a few small, cheap orders spread over the year',
  },
};

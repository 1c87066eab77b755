/**
 * The kinds of customers in the demo, sized so the purchase history has a Pareto shape
 * (a few loyal frequent buyers bring most of the revenue, many buy once) and so an RFM run
 * fills every segment: champions and loyal buyers, recent newcomers, customers slipping
 * away, lapsed ones beyond the 365-day window, seasonal buyers, and prospects with no
 * purchase yet. Day ranges count back from today (0 = today).
 */
import type { Spend } from "./catalog";
import type { BusinessKind } from "./names";

export interface Archetype {
  key: string;
  count: number;
  kind: "private" | BusinessKind;
  spend: Spend;
  /** Number of transactions, inclusive range. */
  tx: readonly [number, number];
  /** Days ago of the first purchase. */
  first: readonly [number, number];
  /** Days ago of the last purchase (clamped to the first). */
  last: readonly [number, number];
  /** Buys only in the peak weeks (before Lebaran, December, Hari Batik), anywhere in the history. */
  seasonal?: boolean;
  /** May receive or lose a few transactions so the total lands exactly on the target. */
  adjustable?: boolean;
}

/** "Whole history": the generator clamps day ranges to the timeline. */
const ALL = 10_000;

export const ARCHETYPES: readonly Archetype[] = [
  // Resellers restock almost weekly: the top of the Pareto curve.
  { key: "reseller", count: 12, kind: "reseller", spend: "reseller", tx: [70, 110], first: [500, ALL], last: [0, 10], adjustable: true },
  { key: "boutique", count: 10, kind: "boutique", spend: "boutique", tx: [20, 40], first: [400, ALL], last: [0, 30] },
  { key: "institution", count: 6, kind: "institution", spend: "institution", tx: [1, 4], first: [0, ALL], last: [0, ALL], seasonal: true },
  // Private collectors and family buyers who come back all the time (champions).
  { key: "loyal", count: 25, kind: "private", spend: "premium", tx: [35, 60], first: [460, ALL], last: [0, 14], adjustable: true },
  { key: "regular", count: 70, kind: "private", spend: "retail", tx: [12, 26], first: [300, ALL], last: [0, 60], adjustable: true },
  { key: "occasional", count: 95, kind: "private", spend: "retail", tx: [3, 8], first: [60, ALL], last: [0, 250] },
  { key: "seasonal", count: 55, kind: "private", spend: "retail", tx: [2, 5], first: [0, ALL], last: [0, ALL], seasonal: true },
  { key: "one_off", count: 105, kind: "private", spend: "retail", tx: [1, 1], first: [0, ALL], last: [0, ALL] },
  // Once frequent, gone quiet 7-14 months ago: at_risk / cant_lose_them, or lost past 365 days.
  { key: "lapsed", count: 33, kind: "private", spend: "retail", tx: [5, 18], first: [430, ALL], last: [200, 420] },
  // Big spenders who stopped coming four to eight months ago: cant_lose_them.
  { key: "lapsed_vip", count: 12, kind: "private", spend: "premium", tx: [18, 30], first: [460, ALL], last: [120, 240] },
  // Regulars whose last visit was two to five months ago: about to sleep / at risk.
  { key: "slipping", count: 30, kind: "private", spend: "retail", tx: [6, 14], first: [300, ALL], last: [60, 150] },
  // First purchase in the last three weeks.
  { key: "new", count: 32, kind: "private", spend: "retail", tx: [1, 2], first: [0, 24], last: [0, 24] },
  // Leads from Instagram and batik fairs who have not bought yet ("prospek").
  { key: "prospect", count: 15, kind: "private", spend: "retail", tx: [0, 0], first: [0, 120], last: [0, 120] },
];

export const TARGET_CUSTOMERS = ARCHETYPES.reduce((s, a) => s + a.count, 0);
export const TARGET_TRANSACTIONS = 6_000;

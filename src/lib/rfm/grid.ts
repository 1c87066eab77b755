/**
 * The total R x FM grid of DOMAIN.md "RFM" in TypeScript: the same table as the SQL function
 * private.rfm_segment (tests/integration/rfm-engine.test.ts checks all 25 cells agree), for
 * unit tests, the heat map and anything that must explain a segment without a database.
 */
import type { Database } from "@/lib/supabase/database.types";

export type RfmSegment = Database["public"]["Enums"]["rfm_segment"];
export type Score = 1 | 2 | 3 | 4 | 5;
export const SCORES = [1, 2, 3, 4, 5] as const satisfies readonly Score[];

/** Rows R = 5..1, columns FM = 1..5, exactly as the DOMAIN.md table reads. */
export const GRID: Record<Score, readonly [RfmSegment, RfmSegment, RfmSegment, RfmSegment, RfmSegment]> = {
  5: ["new_customers", "potential_loyalists", "potential_loyalists", "champions", "champions"],
  4: ["promising", "potential_loyalists", "potential_loyalists", "loyal_customers", "loyal_customers"],
  3: ["about_to_sleep", "about_to_sleep", "need_attention", "loyal_customers", "loyal_customers"],
  2: ["lost", "lost", "at_risk", "at_risk", "cant_lose_them"],
  1: ["lost", "lost", "at_risk", "at_risk", "cant_lose_them"],
};

export function isScore(value: unknown): value is Score {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 5;
}

/** FM = floor((F + M + 1) / 2): the mean of F and M, halves rounded up. */
export function fmScore(f: Score, m: Score): Score {
  return Math.floor((f + m + 1) / 2) as Score;
}

export function segmentOfCell(r: Score, fm: Score): RfmSegment {
  return GRID[r][(fm - 1) as 0 | 1 | 2 | 3 | 4];
}

export function segmentOf(r: Score, f: Score, m: Score): RfmSegment {
  return segmentOfCell(r, fmScore(f, m));
}

/** "5-4-4": the code shown next to a customer. */
export function rfmCode(r: Score, f: Score, m: Score): string {
  return `${r}-${f}-${m}`;
}

import { describe, expect, it } from "vitest";
import { SEGMENTS } from "./segments";
import { GRID, SCORES, fmScore, isScore, rfmCode, segmentOf, segmentOfCell, type Score } from "./grid";

// The DOMAIN.md table written out cell by cell (R, FM) -> segment, independent of GRID's layout.
const EXPECTED: [Score, Score, string][] = [
  [5, 1, "new_customers"], [5, 2, "potential_loyalists"], [5, 3, "potential_loyalists"], [5, 4, "champions"], [5, 5, "champions"],
  [4, 1, "promising"], [4, 2, "potential_loyalists"], [4, 3, "potential_loyalists"], [4, 4, "loyal_customers"], [4, 5, "loyal_customers"],
  [3, 1, "about_to_sleep"], [3, 2, "about_to_sleep"], [3, 3, "need_attention"], [3, 4, "loyal_customers"], [3, 5, "loyal_customers"],
  [2, 1, "lost"], [2, 2, "lost"], [2, 3, "at_risk"], [2, 4, "at_risk"], [2, 5, "cant_lose_them"],
  [1, 1, "lost"], [1, 2, "lost"], [1, 3, "at_risk"], [1, 4, "at_risk"], [1, 5, "cant_lose_them"],
];

describe("R x FM grid", () => {
  it("maps each of the 25 cells as DOMAIN.md says", () => {
    expect(EXPECTED).toHaveLength(25);
    for (const [r, fm, segment] of EXPECTED) expect(segmentOfCell(r, fm), `R${r} FM${fm}`).toBe(segment);
  });

  it("uses every one of the ten segments and nothing else (no 'others')", () => {
    const used = new Set(SCORES.flatMap((r) => GRID[r]));
    expect([...used].sort()).toEqual([...SEGMENTS].sort());
  });

  it("FM is floor((F + M + 1) / 2)", () => {
    expect(fmScore(1, 1)).toBe(1);
    expect(fmScore(1, 2)).toBe(2);
    expect(fmScore(2, 3)).toBe(3);
    expect(fmScore(4, 5)).toBe(5);
    expect(fmScore(5, 1)).toBe(3);
    expect(fmScore(3, 4)).toBe(4);
    expect(fmScore(5, 5)).toBe(5);
  });

  it("all 125 (R, F, M) combinations map to exactly one segment, the one of their cell", () => {
    const counts = new Map<string, number>();
    let combinations = 0;
    for (const r of SCORES) {
      for (const f of SCORES) {
        for (const m of SCORES) {
          combinations++;
          const segment = segmentOf(r, f, m);
          expect(SEGMENTS).toContain(segment);
          const cell = EXPECTED.filter(([er, efm]) => er === r && efm === Math.floor((f + m + 1) / 2));
          expect(cell, `${rfmCode(r, f, m)}`).toHaveLength(1);
          expect(segment, rfmCode(r, f, m)).toBe(cell[0]?.[2]);
          counts.set(rfmCode(r, f, m), (counts.get(rfmCode(r, f, m)) ?? 0) + 1);
        }
      }
    }
    expect(combinations).toBe(125);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(counts.size).toBe(125);
  });

  it("recognises scores", () => {
    expect(isScore(1)).toBe(true);
    expect(isScore(5)).toBe(true);
    expect(isScore(0)).toBe(false);
    expect(isScore(2.5)).toBe(false);
    expect(isScore("3")).toBe(false);
  });
});

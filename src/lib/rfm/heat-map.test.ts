import { describe, expect, it } from "vitest";
import { heatLevel, heatRows } from "./heat-map";

describe("heatLevel", () => {
  it("0 only for empty cells; the fullest cell is 5; any non-empty cell at least 1", () => {
    expect(heatLevel(0, 100)).toBe(0);
    expect(heatLevel(100, 100)).toBe(5);
    expect(heatLevel(1, 1000)).toBe(1);
    expect(heatLevel(50, 100)).toBe(3);
    expect(heatLevel(5, 0)).toBe(0);
  });
});

describe("heatRows", () => {
  it("always 5 x 5, R5 on top, FM1 on the left; missing cells are 0 with the grid's segment", () => {
    const rows = heatRows(
      [
        { rScore: 5, fmScore: 5, segment: "champions", customers: 40 },
        { rScore: 1, fmScore: 1, segment: "lost", customers: 10 },
        { rScore: 3, fmScore: 3, segment: "need_attention", customers: 0 },
      ],
    );
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.length === 5)).toBe(true);
    expect(rows.map((r) => r[0]?.rScore)).toEqual([5, 4, 3, 2, 1]);
    expect(rows[0]?.map((c) => c.fmScore)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]?.[4]).toEqual({ rScore: 5, fmScore: 5, segment: "champions", customers: 40, level: 5 });
    expect(rows[4]?.[0]).toMatchObject({ customers: 10, level: 2 });
    expect(rows[2]?.[2]).toMatchObject({ segment: "need_attention", customers: 0, level: 0 });
    expect(rows[1]?.[1]).toMatchObject({ segment: "potential_loyalists", customers: 0, level: 0 });
    expect(rows[3]?.[4]).toMatchObject({ segment: "cant_lose_them", customers: 0, level: 0 });
    expect(rows.flat().reduce((s, c) => s + c.customers, 0)).toBe(50);
  });
});

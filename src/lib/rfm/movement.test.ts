import { describe, expect, it } from "vitest";
import { buildMovement } from "./movement";

describe("buildMovement", () => {
  it("splits stayed, moved and new; lists the changes biggest first", () => {
    const m = buildMovement([
      { from: "loyal_customers", to: "loyal_customers", customers: 30 },
      { from: "loyal_customers", to: "at_risk", customers: 12 },
      { from: "champions", to: "loyal_customers", customers: 4 },
      { from: null, to: "new_customers", customers: 7 },
      { from: "lost", to: "lost", customers: 50 },
      { from: "at_risk", to: "lost", customers: 4 },
    ]);
    expect(m.stayed).toBe(80);
    expect(m.moved).toBe(20);
    expect(m.newCustomers).toBe(7);
    expect(m.gone).toBe(0);
    expect(m.changes).toEqual([
      { from: "loyal_customers", to: "at_risk", customers: 12 },
      { from: null, to: "new_customers", customers: 7 },
      // equal counts: the earlier segment (display order) first
      { from: "champions", to: "loyal_customers", customers: 4 },
      { from: "at_risk", to: "lost", customers: 4 },
    ]);
    expect(m.rows).toEqual(["champions", "loyal_customers", "at_risk", "lost", null]);
    expect(m.counts.get("loyal_customers")?.get("at_risk")).toBe(12);
    expect(m.counts.get(null)?.get("new_customers")).toBe(7);
  });

  it("ignores zero rows, adds up repeated pairs, counts customers gone from the later run apart", () => {
    const m = buildMovement([
      { from: "promising", to: "lost", customers: 0 },
      { from: "promising", to: "about_to_sleep", customers: 2 },
      { from: "promising", to: "about_to_sleep", customers: 3 },
      { from: "champions", to: null, customers: 1 },
    ]);
    expect(m.changes).toEqual([{ from: "promising", to: "about_to_sleep", customers: 5 }]);
    expect(m.gone).toBe(1);
    expect(m.rows).toEqual(["promising"]);
  });

  it("nothing moved: empty changes", () => {
    const m = buildMovement([{ from: "champions", to: "champions", customers: 3 }]);
    expect(m.changes).toEqual([]);
    expect(m.moved).toBe(0);
    expect(m.stayed).toBe(3);
  });
});

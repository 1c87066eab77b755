import { describe, expect, it } from "vitest";
import { addDays, daysBetween, isFutureDate, jakartaDate, resolvePeriod } from "./period";

describe("WIB calendar", () => {
  it("takes the date in Asia/Jakarta, not UTC", () => {
    expect(jakartaDate(new Date("2026-03-10T16:30:00Z"))).toBe("2026-03-10"); // 23:30 WIB
    expect(jakartaDate(new Date("2026-03-10T17:00:00Z"))).toBe("2026-03-11"); // 00:00 WIB
  });

  it("resolves the named periods ending today (WIB)", () => {
    const now = new Date("2026-03-10T18:00:00Z"); // 01:00 WIB, 11 March
    expect(resolvePeriod("today", now)).toEqual({ from: "2026-03-11", to: "2026-03-11" });
    expect(resolvePeriod("7d", now)).toEqual({ from: "2026-03-05", to: "2026-03-11" });
    expect(resolvePeriod("30d", now)).toEqual({ from: "2026-02-10", to: "2026-03-11" });
    expect(resolvePeriod("month", now)).toEqual({ from: "2026-03-01", to: "2026-03-11" });
    expect(resolvePeriod("year", now)).toEqual({ from: "2026-01-01", to: "2026-03-11" });
    expect(resolvePeriod("custom", now, { from: "2025-01-01", to: "2025-01-31" })).toEqual({ from: "2025-01-01", to: "2025-01-31" });
  });

  it("does day arithmetic across months and leap days", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(daysBetween("2026-02-01", "2026-02-28")).toBe(28);
    expect(isFutureDate("2026-03-12", new Date("2026-03-11T10:00:00Z"))).toBe(true);
    expect(isFutureDate("2026-03-11", new Date("2026-03-11T10:00:00Z"))).toBe(false);
  });
});

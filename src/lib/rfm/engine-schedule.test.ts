import { describe, expect, it } from "vitest";
import { latestWeeklySlot, weeklyFanOutDue, wibDate } from "./engine-schedule";

describe("weekly RFM slot: Monday 06:00 WIB = Sunday 23:00 UTC", () => {
  it("Sunday 23:00 UTC is Monday 06:00 WIB, the slot itself", () => {
    const now = new Date("2026-11-22T23:00:00Z"); // Sunday UTC
    expect(wibDate(now)).toBe("2026-11-23");
    expect(latestWeeklySlot(now)).toEqual({ monday: "2026-11-23", dueAt: new Date("2026-11-22T23:00:00Z") });
    expect(weeklyFanOutDue(now)).toEqual({ due: true, monday: "2026-11-23" });
  });

  it("a minute before 06:00 WIB belongs to the previous week, and is not due", () => {
    const now = new Date("2026-11-22T22:59:00Z");
    expect(latestWeeklySlot(now).monday).toBe("2026-11-16");
    expect(weeklyFanOutDue(now).due).toBe(false);
  });

  it("later on Monday (WIB) is still due, Tuesday is not", () => {
    expect(weeklyFanOutDue(new Date("2026-11-23T16:59:00Z"))).toEqual({ due: true, monday: "2026-11-23" }); // 23:59 WIB
    expect(weeklyFanOutDue(new Date("2026-11-23T17:00:00Z"))).toEqual({ due: false, monday: "2026-11-23" }); // Tue 00:00 WIB
    expect(weeklyFanOutDue(new Date("2026-11-27T05:00:00Z"))).toEqual({ due: false, monday: "2026-11-23" }); // Friday
  });

  it("crosses month and year ends", () => {
    expect(latestWeeklySlot(new Date("2027-01-01T00:00:00Z")).monday).toBe("2026-12-28");
    expect(latestWeeklySlot(new Date("2026-03-01T12:00:00Z")).monday).toBe("2026-02-23");
  });
});

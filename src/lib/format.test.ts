import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatIDR, jakartaDate, jakartaToday } from "./format";

describe("formatIDR", () => {
  it.each([
    [1_500_000, "Rp 1.500.000"],
    [0, "Rp 0"],
    [999, "Rp 999"],
    [1000, "Rp 1.000"],
    [1_234_567_890, "Rp 1.234.567.890"],
    [1500000.49, "Rp 1.500.000"],
    [1500000.5, "Rp 1.500.001"],
    [-250_000, "-Rp 250.000"],
    [-0.4, "Rp 0"],
    ["1500000.00", "Rp 1.500.000"],
    [BigInt(5_000_000), "Rp 5.000.000"],
  ])("%s -> %s", (input, expected) => {
    expect(formatIDR(input)).toBe(expected);
  });

  it("uses a plain space, not a no-break space", () => {
    expect(formatIDR(1)).toBe("Rp 1");
    expect(formatIDR(1).charCodeAt(2)).toBe(32);
  });

  it("shows a dash for non-numbers instead of crashing", () => {
    expect(formatIDR(Number.NaN)).toBe("Rp –");
    expect(formatIDR("abc")).toBe("Rp –");
  });
});

describe("dates in Asia/Jakarta", () => {
  // 2025-11-21 17:30 UTC is already 22 November 00:30 in Jakarta (UTC+7).
  const lateUtc = new Date("2025-11-21T17:30:00Z");

  it("formatDate uses the Jakarta calendar day", () => {
    expect(formatDate(lateUtc)).toBe("22 Nov 2025");
    expect(formatDate(lateUtc, "en")).toBe("22 Nov 2025");
    expect(formatDate("2025-11-21T07:00:00Z", "id")).toBe("21 Nov 2025");
  });

  it("formatDate keeps a date-only string as that calendar date", () => {
    expect(formatDate("2025-08-17")).toBe("17 Agu 2025");
    expect(formatDate("2025-08-17", "en")).toBe("17 Aug 2025");
  });

  it("formatDateTime shows WIB time", () => {
    expect(formatDateTime(lateUtc)).toBe("22 Nov 2025, 00.30 WIB");
    expect(formatDateTime(lateUtc, "en")).toBe("22 Nov 2025, 00:30 WIB");
    expect(formatDateTime(new Date("2025-01-01T07:05:00Z"))).toBe("1 Jan 2025, 14.05 WIB");
  });

  it("throws on an invalid date", () => {
    expect(() => formatDate("nope")).toThrow(RangeError);
  });

  it("jakartaToday gives yyyy-mm-dd in WIB", () => {
    expect(jakartaToday(lateUtc)).toBe("2025-11-22");
    expect(jakartaToday(new Date("2025-11-21T16:59:59Z"))).toBe("2025-11-21");
    expect(jakartaToday(new Date("2025-12-31T17:00:00Z"))).toBe("2026-01-01");
    expect(jakartaToday()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(jakartaDate("2025-11-21T17:00:00Z")).toBe("2025-11-22");
  });
});

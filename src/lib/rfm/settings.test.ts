import { describe, expect, it } from "vitest";
import { zodErrorToDetails } from "@/lib/api/validation";
import { DEFAULT_RFM_SETTINGS, rfmSettingsPatchSchema, rfmSettingsSchema, settingsFromRow } from "./settings";

const valid = { windowDays: 365, scoringMode: "auto", recencyEdges: [30, 60, 90, 180], frequencyEdges: [10, 5, 3, 2], monetaryEdges: [5_000_000, 1_000_000, 500_000, 100_000], retentionWeeks: 104 };

function errors(input: unknown, locale: "id" | "en" = "id") {
  const result = rfmSettingsSchema.safeParse(input);
  if (result.success) throw new Error("expected a validation error");
  return zodErrorToDetails(result.error, locale);
}

describe("rfmSettingsSchema", () => {
  it("accepts the defaults and form strings", () => {
    expect(rfmSettingsSchema.parse(valid)).toEqual(DEFAULT_RFM_SETTINGS);
    const fromForm = rfmSettingsSchema.parse({ ...valid, windowDays: "90", recencyEdges: ["7", "14", "30", "60"], retentionWeeks: "52" });
    expect(fromForm).toMatchObject({ windowDays: 90, recencyEdges: [7, 14, 30, 60], retentionWeeks: 52 });
  });

  it("refuses each bad field with its own message, Indonesian first", () => {
    expect(errors({ ...valid, windowDays: 100 }).windowDays).toBe("Periode analisis harus 90, 180, 365, atau 730 hari.");
    expect(errors({ ...valid, windowDays: 100 }, "en").windowDays).toBe("The analysis window must be 90, 180, 365 or 730 days.");
    expect(errors({ ...valid, scoringMode: "acak" }).scoringMode).toMatch(/otomatis, relatif/);
    expect(errors({ ...valid, recencyEdges: [30, 60, 90] }).recencyEdges).toMatch(/Batas recency/);
    expect(errors({ ...valid, recencyEdges: [60, 30, 90, 180] }).recencyEdges).toMatch(/makin besar/);
    expect(errors({ ...valid, recencyEdges: [-1, 30, 90, 180] }).recencyEdges).toMatch(/0 atau lebih/);
    expect(errors({ ...valid, recencyEdges: [1.5, 30, 90, 180] }).recencyEdges).toMatch(/bulat/);
    expect(errors({ ...valid, frequencyEdges: [10, 5, 3, 1] }).frequencyEdges).toMatch(/minimal 2/);
    expect(errors({ ...valid, frequencyEdges: [2, 3, 5, 10] }).frequencyEdges).toMatch(/makin kecil/);
    expect(errors({ ...valid, monetaryEdges: [5000, 1000, 500, 0] }).monetaryEdges).toMatch(/di atas 0/);
    expect(errors({ ...valid, monetaryEdges: ["a", 1000, 500, 100] }).monetaryEdges).toMatch(/Batas nilai belanja/);
    expect(errors({ ...valid, retentionWeeks: 3 }).retentionWeeks).toMatch(/4 dan 520/);
    expect(errors({ ...valid, retentionWeeks: 521 }).retentionWeeks).toMatch(/4 dan 520/);
  });

  it("the patch schema takes any subset", () => {
    expect(rfmSettingsPatchSchema.parse({ windowDays: 180 })).toEqual({ windowDays: 180 });
    expect(rfmSettingsPatchSchema.safeParse({ windowDays: 181 }).success).toBe(false);
  });

  it("maps a database row", () => {
    expect(settingsFromRow({ window_days: 90, scoring_mode: "fixed", recency_edges: [1, 2, 3, 4], frequency_edges: [9, 5, 3, 2], monetary_edges: [4, 3, 2, 1], retention_weeks: 8 }))
      .toEqual({ windowDays: 90, scoringMode: "fixed", recencyEdges: [1, 2, 3, 4], frequencyEdges: [9, 5, 3, 2], monetaryEdges: [4, 3, 2, 1], retentionWeeks: 8 });
  });
});

import { describe, expect, it } from "vitest";
import type { RfmSettingsInput } from "@/lib/rfm/settings";
import { settingsResolver } from "./settings-resolver";

const valid: RfmSettingsInput = {
  windowDays: "365",
  scoringMode: "auto",
  recencyEdges: ["30", "60", "90", "180"],
  frequencyEdges: ["10", "5", "3", "2"],
  monetaryEdges: ["5000000", "1000000", "500000", "100000"],
  retentionWeeks: "104",
};

// The resolver ignores react-hook-form's context and options; they are only passed through.
const resolve = (locale: "id" | "en", values: RfmSettingsInput) =>
  settingsResolver(locale)(values, undefined, { fields: {}, shouldUseNativeValidation: false });

describe("settingsResolver", () => {
  it("turns the form's strings into the numbers the action receives", async () => {
    const result = await resolve("id", valid);
    expect(result.errors).toEqual({});
    expect(result.values).toEqual({
      windowDays: 365,
      scoringMode: "auto",
      recencyEdges: [30, 60, 90, 180],
      frequencyEdges: [10, 5, 3, 2],
      monetaryEdges: [5_000_000, 1_000_000, 500_000, 100_000],
      retentionWeeks: 104,
    });
  });

  it("reports each bad field once, in the UI's language", async () => {
    const bad = { ...valid, windowDays: "100", recencyEdges: ["30", "20", "90", "180"], retentionWeeks: "2" };
    const id = await resolve("id", bad);
    expect(Object.keys(id.errors).sort()).toEqual(["recencyEdges", "retentionWeeks", "windowDays"]);
    expect(id.errors.windowDays?.message).toBe("Periode analisis harus 90, 180, 365, atau 730 hari.");
    const en = await resolve("en", bad);
    expect(en.errors.retentionWeeks?.message).toMatch(/week/i);
    expect(en.errors.recencyEdges?.message).not.toBe(id.errors.recencyEdges?.message);
  });

  it("a frequency edge below 2 and a non-numeric amount are refused", async () => {
    const result = await resolve("id", { ...valid, frequencyEdges: ["10", "5", "3", "1"], monetaryEdges: ["5jt", "1000000", "500000", "100000"] });
    expect(Object.keys(result.errors).sort()).toEqual(["frequencyEdges", "monetaryEdges"]);
  });
});

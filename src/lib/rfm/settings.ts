/**
 * RFM settings per business: the zod schema shared by the settings form (browser) and
 * PUT /api/rfm/settings (server), the defaults (DOMAIN.md fixed bins), and the mapping to the
 * database row. update_rfm_settings() checks the same rules again with the same message keys
 * (HINT rfm_*_invalid), so a request that slips past this schema still changes nothing.
 *
 * Messages: each issue carries `params.i18n` ({ id, en } from messages/rfm-engine), which
 * src/lib/api/validation.ts picks in the user's language; `message` is the Indonesian text,
 * so a form showing issue.message directly still speaks Indonesian.
 */
import { z } from "zod";
import en from "../../../messages/rfm-engine/en.json";
import id from "../../../messages/rfm-engine/id.json";
import type { Database } from "@/lib/supabase/database.types";

export const WINDOW_DAYS = [90, 180, 365, 730] as const;
export type WindowDays = (typeof WINDOW_DAYS)[number];
export const SCORING_MODES = ["auto", "relative", "fixed"] as const;
export type ScoringModeSetting = (typeof SCORING_MODES)[number];
export const RETENTION_WEEKS = { min: 4, max: 520 } as const;
/** Below this many scored customers, 'auto' uses the fixed bins (DOMAIN.md). */
export const AUTO_FIXED_BELOW = 50;
/** numeric(15,2) in the edges column: keep clear of its limit. */
export const MAX_MONETARY_EDGE = 9_999_999_999_999;

export type RfmErrorKey = keyof (typeof id)["rfmErrors"];

/** The message of an RFM error key in both languages. */
export function rfmErrorText(key: RfmErrorKey): { id: string; en: string } {
  return { id: id.rfmErrors[key], en: en.rfmErrors[key] };
}

/** What the owner sees and edits. Edges are listed for the scores 5, 4, 3, 2 (beyond the last: 1). */
export interface RfmSettings {
  windowDays: WindowDays;
  scoringMode: ScoringModeSetting;
  /** Days at most, increasing: {30, 60, 90, 180}. */
  recencyEdges: [number, number, number, number];
  /** Purchases at least, decreasing, the last >= 2: {10, 5, 3, 2}. */
  frequencyEdges: [number, number, number, number];
  /** Rupiah at least, decreasing, > 0: {5,000,000, 1,000,000, 500,000, 100,000}. */
  monetaryEdges: [number, number, number, number];
  retentionWeeks: number;
}

export const DEFAULT_RFM_SETTINGS: RfmSettings = {
  windowDays: 365,
  scoringMode: "auto",
  recencyEdges: [30, 60, 90, 180],
  frequencyEdges: [10, 5, 3, 2],
  monetaryEdges: [5_000_000, 1_000_000, 500_000, 100_000],
  retentionWeeks: 104,
};

function issue(ctx: z.core.$RefinementCtx, key: RfmErrorKey, path: (string | number)[]) {
  ctx.addIssue({ code: "custom", message: id.rfmErrors[key], params: { i18n: rfmErrorText(key) }, path });
}

type Edges = [number, number, number, number];

/** Four numbers (form fields send strings); shape problems and order are reported as one message. */
function edges(key: RfmErrorKey, rule: (e: Edges) => boolean, integer: boolean) {
  return z.array(z.unknown()).superRefine((raw, ctx) => {
    const values = raw.map((v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v));
    const ok =
      values.length === 4 &&
      values.every((v) => typeof v === "number" && Number.isFinite(v) && (!integer || Number.isInteger(v))) &&
      rule(values as Edges);
    if (!ok) issue(ctx, key, []);
  }).transform((raw) => raw.map((v) => Number(v)) as Edges);
}

const increasing = (e: Edges) => e[0] < e[1] && e[1] < e[2] && e[2] < e[3];
const decreasing = (e: Edges) => e[0] > e[1] && e[1] > e[2] && e[2] > e[3];

export const recencyEdgesSchema = edges("recencyEdgesInvalid", (e) => e[0] >= 0 && e[3] <= 3650 && increasing(e), true);
export const frequencyEdgesSchema = edges("frequencyEdgesInvalid", (e) => e[3] >= 2 && e[0] <= 1_000_000 && decreasing(e), true);
export const monetaryEdgesSchema = edges(
  "monetaryEdgesInvalid",
  (e) => e[3] > 0 && e[0] <= MAX_MONETARY_EDGE && decreasing(e) && e.every((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6),
  false,
);

const windowDaysSchema = z.unknown().superRefine((v, ctx) => {
  if (!WINDOW_DAYS.includes(Number(v) as WindowDays) || (typeof v !== "number" && typeof v !== "string")) issue(ctx, "windowInvalid", []);
}).transform((v) => Number(v) as WindowDays);

const scoringModeSchema = z.unknown().superRefine((v, ctx) => {
  if (!SCORING_MODES.includes(v as ScoringModeSetting)) issue(ctx, "modeInvalid", []);
}).transform((v) => v as ScoringModeSetting);

const retentionSchema = z.unknown().superRefine((v, ctx) => {
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n) || n < RETENTION_WEEKS.min || n > RETENTION_WEEKS.max) issue(ctx, "retentionInvalid", []);
}).transform((v) => Number(v));

/** The whole settings form / PUT body. */
export const rfmSettingsSchema = z.object({
  windowDays: windowDaysSchema,
  scoringMode: scoringModeSchema,
  recencyEdges: recencyEdgesSchema,
  frequencyEdges: frequencyEdgesSchema,
  monetaryEdges: monetaryEdgesSchema,
  retentionWeeks: retentionSchema,
});
export type RfmSettingsInput = z.input<typeof rfmSettingsSchema>;

/** PUT may send only the fields it changes; the rest keep their value. */
export const rfmSettingsPatchSchema = rfmSettingsSchema.partial();
export type RfmSettingsPatch = z.output<typeof rfmSettingsPatchSchema>;

type Row = Database["public"]["Tables"]["rfm_settings"]["Row"];

export function settingsFromRow(row: Pick<Row, "window_days" | "scoring_mode" | "recency_edges" | "frequency_edges" | "monetary_edges" | "retention_weeks">): RfmSettings {
  const four = (values: (number | string)[]): Edges => values.map((v) => Number(v)) as Edges;
  return {
    windowDays: row.window_days as WindowDays,
    scoringMode: row.scoring_mode,
    recencyEdges: four(row.recency_edges),
    frequencyEdges: four(row.frequency_edges),
    monetaryEdges: four(row.monetary_edges),
    retentionWeeks: row.retention_weeks,
  };
}

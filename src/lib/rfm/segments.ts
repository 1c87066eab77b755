/**
 * The ten RFM segments as the UI shows them (DOMAIN.md "RFM"): display order (best first,
 * then the groups that need action, "lost" last), a colour per segment shared by the chart,
 * the heat map and the badges, and the message keys under `rfm.segments.<segment>`.
 */
import type { Database } from "@/lib/supabase/database.types";

export type Segment = Database["public"]["Enums"]["rfm_segment"];

export const SEGMENTS = [
  "champions",
  "loyal_customers",
  "potential_loyalists",
  "new_customers",
  "promising",
  "need_attention",
  "about_to_sleep",
  "at_risk",
  "cant_lose_them",
  "lost",
] as const satisfies readonly Segment[];

// Compile-time check that the list above names every value of the database enum.
type Missing = Exclude<Segment, (typeof SEGMENTS)[number]>;
const everySegmentListed: Missing extends never ? true : never = true;
void everySegmentListed;

export function isSegment(value: unknown): value is Segment {
  return typeof value === "string" && (SEGMENTS as readonly string[]).includes(value);
}

/**
 * Colours readable on light and dark backgrounds: greens for the best, blues for the new,
 * ambers for those cooling down, reds for those slipping away, grey for the lost.
 */
export const SEGMENT_COLORS: Record<Segment, string> = {
  champions: "#15803d",
  loyal_customers: "#22a55a",
  potential_loyalists: "#65a30d",
  new_customers: "#0284c7",
  promising: "#0891b2",
  need_attention: "#ca8a04",
  about_to_sleep: "#d97706",
  at_risk: "#ea580c",
  cant_lose_them: "#dc2626",
  lost: "#6b7280",
};

/** Position in SEGMENTS, for sorting rows the database returns in any order. */
export function segmentRank(segment: Segment): number {
  return SEGMENTS.indexOf(segment);
}

/** Message keys relative to the `rfm` namespace. */
export const segmentKeys = (segment: Segment) =>
  ({
    label: `segments.${segment}.label`,
    meaning: `segments.${segment}.meaning`,
    action: `segments.${segment}.action`,
  }) as const;

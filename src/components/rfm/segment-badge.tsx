import { getTranslations } from "next-intl/server";
import { cn } from "@/components/utils";
import { SEGMENT_COLORS, type Segment } from "@/lib/rfm/segments";

/** The segment's colour dot and Indonesian label ("Prospek" when there is no segment). */
export async function SegmentBadge({ segment, className }: { segment: Segment | null; className?: string }) {
  const t = await getTranslations("rfm");
  return (
    <span className={cn("inline-flex items-center gap-1.5 font-medium", className)} data-testid="segment-badge" data-segment={segment ?? "prospect"}>
      <span className="size-2.5 shrink-0 rounded-full" style={{ backgroundColor: segment ? SEGMENT_COLORS[segment] : "var(--color-muted-foreground)" }} aria-hidden="true" />
      {segment ? t(`segments.${segment}.label`) : t("prospect.label")}
    </span>
  );
}

import { LightbulbIcon } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card, CardContent } from "@/components/ui/card";
import { SEGMENTS, SEGMENT_COLORS, type Segment } from "@/lib/rfm/segments";

/** What the segment means and what to do about it (DOMAIN.md), in the owner's words. */
export async function SegmentInfo({ segment }: { segment: Segment }) {
  const t = await getTranslations("rfm");
  return (
    <Card className="border-l-4" style={{ borderLeftColor: SEGMENT_COLORS[segment] }} data-testid="rfm-segment-info">
      <CardContent className="grid gap-3 sm:grid-cols-2">
        <div>
          <h2 className="text-sm font-semibold">{t("segment.meaning")}</h2>
          <p className="text-sm text-muted-foreground" data-testid="rfm-segment-meaning">{t(`segments.${segment}.meaning`)}</p>
        </div>
        <div>
          <h2 className="flex items-center gap-1.5 text-sm font-semibold">
            <LightbulbIcon className="size-4 text-batik" aria-hidden="true" />
            {t("segment.action")}
          </h2>
          <p className="text-sm" data-testid="rfm-segment-action">{t(`segments.${segment}.action`)}</p>
        </div>
      </CardContent>
    </Card>
  );
}

/** Quick jumps to the other nine segments (a row of chips that scrolls on a phone). */
export async function SegmentSwitcher({ current }: { current: Segment }) {
  const t = await getTranslations("rfm");
  return (
    <nav aria-label={t("segment.others")} className="overflow-x-auto">
      <ul className="flex min-w-max gap-1.5 pb-1">
        {SEGMENTS.map((s) => (
          <li key={s}>
            <Link
              href={`/rfm/segments/${s}`}
              aria-current={s === current ? "page" : undefined}
              className="inline-flex h-8 items-center gap-1.5 rounded-full border px-3 text-xs font-medium hover:bg-accent aria-[current=page]:bg-accent"
            >
              <span className="size-2 rounded-full" style={{ backgroundColor: SEGMENT_COLORS[s] }} aria-hidden="true" />
              {t(`segments.${s}.label`)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

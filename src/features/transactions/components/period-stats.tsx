import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card, CardContent } from "@/components/ui/card";
import { cn } from "@/components/utils";
import { formatDate, formatIDR, type DisplayLocale } from "@/lib/format";
import { PERIODS, type Period } from "../period";
import type { PeriodStats } from "../queries";
import { RevenueChart } from "./revenue-chart";
import { hrefWith, type SearchParams } from "./transaction-list";

/** Period picker, the three figures and the daily revenue chart (all in WIB days). */
export async function PeriodStatsPanel({ stats, period, params, locale }: { stats: PeriodStats; period: Period; params: SearchParams; locale: DisplayLocale }) {
  const t = await getTranslations("transactions");
  const figures = [
    { key: "revenue", value: formatIDR(stats.revenue) },
    { key: "count", value: new Intl.NumberFormat("id-ID").format(stats.count) },
    { key: "average", value: formatIDR(stats.averageOrder) },
  ] as const;
  return (
    <section className="grid gap-4" aria-label={t("stats.revenue")} data-testid="period-stats">
      <div className="flex flex-wrap items-center gap-2">
        {PERIODS.filter((p) => p !== "custom").map((p) => (
          <Link
            key={p}
            href={hrefWith(params, { period: p, statsFrom: undefined, statsTo: undefined })}
            aria-current={p === period ? "true" : undefined}
            className={cn(
              "rounded-full border px-3 py-1 text-sm",
              p === period ? "border-primary bg-primary text-primary-foreground" : "hover:bg-accent",
            )}
            data-testid={`period-${p}`}
          >
            {t(`periods.${p}`)}
          </Link>
        ))}
        <span className="text-xs text-muted-foreground">
          {t("stats.range", { from: formatDate(stats.from, locale), to: formatDate(stats.to, locale) })}
        </span>
      </div>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3">
        {figures.map((f) => (
          <Card key={f.key} className={f.key === "revenue" ? "col-span-2 sm:col-span-1" : undefined}>
            <CardContent>
              <p className="text-sm text-muted-foreground">{t(`stats.${f.key}`)}</p>
              <p className="text-xl font-bold tabular-nums sm:text-2xl" data-testid={`stat-${f.key}`}>
                {f.value}
              </p>
            </CardContent>
          </Card>
        ))}
      </div>
      {stats.daily.length > 1 && <RevenueChart daily={stats.daily} locale={locale} />}
    </section>
  );
}

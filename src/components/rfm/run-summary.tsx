import { CalendarDaysIcon, InfoIcon } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { Card, CardContent } from "@/components/ui/card";
import { formatDate, formatDateTime, type DisplayLocale } from "@/lib/format";
import type { RfmOverview, RfmRun } from "@/lib/rfm/queries";

const count = new Intl.NumberFormat("id-ID");

/** The run's date, window and scoring mode with the reason in plain words, and the headcounts. */
export async function RunSummary({ run, overview, locale }: { run: RfmRun; overview: RfmOverview; locale: DisplayLocale }) {
  const t = await getTranslations("rfm.overview");
  const figures = [
    { key: "scored", label: t("scored"), hint: t("scoredHint"), value: run.customersScored },
    { key: "lost", label: t("lost"), hint: t("lostHint"), value: run.customersLost },
    { key: "prospects", label: t("prospects"), hint: t("prospectsHint"), value: overview.prospects },
    { key: "total", label: t("total"), hint: null, value: overview.totalCustomers },
  ];
  return (
    <Card data-testid="rfm-run-summary" data-run-id={run.id} data-analysis-date={run.analysisDate}>
      <CardContent className="grid gap-4">
        <div className="grid gap-1">
          <p className="flex items-center gap-2 text-base font-semibold" data-testid="rfm-run-date">
            <CalendarDaysIcon className="size-4 text-primary" aria-hidden="true" />
            {t("asOf", { date: formatDate(run.analysisDate, locale) })}
          </p>
          <p className="text-sm text-muted-foreground">
            {t("ranAt", { time: formatDateTime(run.createdAt, locale), trigger: t(`triggers.${run.trigger}`) })}
          </p>
          <p className="text-sm" data-testid="rfm-run-window">
            {t("window", { days: run.windowDays, start: formatDate(run.windowStart, locale), end: formatDate(run.analysisDate, locale) })}
          </p>
          <p className="flex items-start gap-2 text-sm" data-testid="rfm-run-mode" data-mode={run.scoringMode} data-reason={run.modeReason}>
            <InfoIcon className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
            <span>
              <strong>{t(`modes.${run.scoringMode}`)}.</strong> {t(`reasons.${run.modeReason}`)}
            </span>
          </p>
        </div>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {figures.map((f) => (
            <div key={f.key} className="rounded-lg border p-3">
              <dt className="text-xs text-muted-foreground">{f.label}</dt>
              <dd className="text-xl font-semibold tabular-nums" data-testid={`rfm-figure-${f.key}`}>{count.format(f.value)}</dd>
              {f.hint && <dd className="text-xs text-muted-foreground">{f.hint}</dd>}
            </div>
          ))}
        </dl>
      </CardContent>
    </Card>
  );
}

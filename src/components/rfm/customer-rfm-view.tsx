import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDate, formatIDR, type DisplayLocale } from "@/lib/format";
import type { CustomerRfm, CustomerRfmHistoryRow } from "@/lib/rfm/queries";
import { SegmentBadge } from "./segment-badge";

const count = new Intl.NumberFormat("id-ID");

/**
 * The customer's RFM on their page: segment with its suggested action, the R/F/M scores and
 * code, and the segment in each kept run (newest first). No row = never bought ("Prospek").
 */
export async function CustomerRfmView({
  current,
  history,
  hasRun,
  locale,
}: {
  current: CustomerRfm | null;
  history: CustomerRfmHistoryRow[];
  hasRun: boolean;
  locale: DisplayLocale;
}) {
  const t = await getTranslations("rfm");
  const scores: [string, number | null][] = current
    ? [[t("customer.r"), current.rScore], [t("customer.f"), current.fScore], [t("customer.m"), current.mScore]]
    : [];
  return (
    <Card className="lg:col-span-3" data-testid="customer-rfm-card">
      <CardHeader>
        <CardTitle>{t("customer.title")}</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-4 md:grid-cols-2">
        {!current ? (
          <div className="grid gap-1 text-sm" data-testid="customer-rfm-empty">
            <SegmentBadge segment={null} />
            <p className="text-muted-foreground">{hasRun ? t("customer.noPurchase") : t("customer.noRun")}</p>
          </div>
        ) : (
          <div className="grid gap-3" data-testid="customer-rfm-current" data-segment={current.segment}>
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <Link href={`/rfm/segments/${current.segment}`} className="text-lg hover:underline" data-testid="customer-rfm-segment">
                <SegmentBadge segment={current.segment} />
              </Link>
              <span className="text-xs text-muted-foreground">
                {t("customer.asOf", { date: formatDate(current.analysisDate, locale) })}
                {current.source === "incremental" && ` · ${t("customer.incremental")}`}
              </span>
            </div>
            {current.rScore === null ? (
              <p className="text-sm text-muted-foreground">{t("customer.lostNoScore")}</p>
            ) : (
              <div className="flex flex-wrap items-center gap-2">
                {scores.map(([label, value]) => (
                  <span key={label} className="inline-flex items-baseline gap-1 rounded-md border px-2 py-1 text-sm">
                    <span className="text-muted-foreground">{label}</span>
                    <span className="font-semibold tabular-nums">{value}</span>
                  </span>
                ))}
                <span className="text-sm">
                  {t("customer.code")}: <span className="font-mono font-semibold" data-testid="customer-rfm-code">{current.rfmCode}</span>
                </span>
              </div>
            )}
            <p className="text-sm text-muted-foreground" data-testid="customer-rfm-figures">
              {[
                t("customer.recencyDays", { days: count.format(current.recencyDays) }),
                t("customer.frequency", { count: count.format(current.frequency) }),
                t("customer.monetary", { amount: formatIDR(current.monetary) }),
              ].join(" · ")}
            </p>
            <p className="text-sm">
              <span className="font-medium">{t("segment.action")}: </span>
              <span data-testid="customer-rfm-action">{t(`segments.${current.segment}.action`)}</span>
            </p>
          </div>
        )}
        {history.length > 0 && (
          <div className="grid gap-2">
            <h3 className="text-sm font-semibold">{t("customer.history")}</h3>
            <div className="max-h-64 overflow-auto rounded-md border">
              <Table data-testid="customer-rfm-history">
                <TableHeader>
                  <TableRow>
                    <TableHead>{t("customer.date")}</TableHead>
                    <TableHead>{t("customer.segment")}</TableHead>
                    <TableHead className="text-center">{t("columns.code")}</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {history.map((h) => (
                    <TableRow key={h.runId} data-testid="customer-rfm-history-row" data-segment={h.segment} data-analysis-date={h.analysisDate}>
                      <TableCell className="whitespace-nowrap">{formatDate(h.analysisDate, locale)}</TableCell>
                      <TableCell><SegmentBadge segment={h.segment} className="text-sm" /></TableCell>
                      <TableCell className="text-center font-mono text-sm">{h.rfmCode ?? "—"}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          </div>
        )}
      </CardContent>
    </Card>
  );
}

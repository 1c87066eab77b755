import { BarChart3Icon } from "lucide-react";
import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { DistributionChart } from "@/components/rfm/distribution-chart";
import { DistributionTable } from "@/components/rfm/distribution-table";
import { HeatMap } from "@/components/rfm/heat-map";
import { RfmTabs } from "@/components/rfm/rfm-tabs";
import { RunAnalysisButton } from "@/components/rfm/run-button";
import { RunSummary } from "@/components/rfm/run-summary";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { NoBusiness } from "@/features/businesses/components/no-business";
import { getActiveBusiness, getSupabase, requireUser, roleAtLeast } from "@/lib/auth/session";
import { getRfmOverview } from "@/lib/rfm/queries";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("rfm");
  return { title: t("title") };
}

/**
 * Analisis RFM: the latest kept run (never "empty because no run today"), its distribution
 * and the R x FM heat map; "Jalankan analisis" for staff and above.
 */
export default async function RfmOverviewPage() {
  await requireUser();
  const [business, supabase, t, locale] = await Promise.all([getActiveBusiness(), getSupabase(), getTranslations("rfm"), getLocale()]);
  if (!business) return <NoBusiness />;
  const overview = await getRfmOverview(supabase, { businessId: business.id });
  const canRun = roleAtLeast(business.role, "staff");
  const displayLocale = locale === "en" ? "en" : "id";
  const run = overview.run;

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} actions={run && <RunAnalysisButton disabled={!canRun} />} />
      <RfmTabs active="overview" />
      {!run ? (
        <EmptyState icon={BarChart3Icon} title={t("overview.emptyTitle")} description={t("overview.emptyDescription")} testId="rfm-empty">
          <RunAnalysisButton disabled={!canRun} size="lg" />
        </EmptyState>
      ) : (
        <div className="grid gap-6">
          <RunSummary run={run} overview={overview} locale={displayLocale} />
          <div className="grid gap-6 xl:grid-cols-2">
            <Card>
              <CardHeader>
                <CardTitle>{t("distribution.title")}</CardTitle>
                <CardDescription>{t("distribution.description")}</CardDescription>
              </CardHeader>
              <CardContent>
                <DistributionChart rows={overview.distribution} />
              </CardContent>
            </Card>
            <Card>
              <CardHeader>
                <CardTitle>{t("heatmap.title")}</CardTitle>
                <CardDescription>{t("heatmap.description")}</CardDescription>
              </CardHeader>
              <CardContent>
                <HeatMap cells={overview.grid} />
              </CardContent>
            </Card>
          </div>
          <DistributionTable rows={overview.distribution} />
        </div>
      )}
    </>
  );
}

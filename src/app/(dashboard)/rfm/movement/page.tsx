import { ArrowRightLeftIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { MovementChanges, MovementMatrix, RunPicker } from "@/components/rfm/movement-view";
import { RfmTabs } from "@/components/rfm/rfm-tabs";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { NoBusiness } from "@/features/businesses/components/no-business";
import { getActiveBusiness, getSupabase, requireUser } from "@/lib/auth/session";
import { buildMovement } from "@/lib/rfm/movement";
import { parseMovementParams, type SearchParams } from "@/lib/rfm/params";
import { getRfmMovement, listRfmRuns } from "@/lib/rfm/queries";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("rfm");
  return { title: `${t("movement.title")} · ${t("title")}` };
}

/**
 * Movement between two kept runs (default: the latest and the one before): the changes
 * biggest first, and the full from -> to table; every number opens its customers.
 */
export default async function RfmMovementPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireUser();
  const [business, supabase, t, locale, search] = await Promise.all([getActiveBusiness(), getSupabase(), getTranslations("rfm"), getLocale(), searchParams]);
  if (!business) return <NoBusiness />;
  const displayLocale = locale === "en" ? "en" : "id";
  const runs = await listRfmRuns(supabase, { businessId: business.id, limit: 200 });
  const picked = parseMovementParams(search);
  // Only runs that are kept for this business may be compared; anything else falls back.
  const known = (id: string | null) => (id && runs.some((r) => r.id === id) ? id : null);
  const to = known(picked.to) ?? runs[0]?.id ?? null;
  const toIndex = runs.findIndex((r) => r.id === to);
  const from = known(picked.from) ?? runs[toIndex + 1]?.id ?? null;
  const movement = to && from && from !== to ? buildMovement((await getRfmMovement(supabase, { businessId: business.id, fromRunId: from, toRunId: to })).flows) : null;

  return (
    <>
      <PageHeader title={t("title")} description={t("movement.description")} />
      <RfmTabs active="movement" />
      {runs.length < 2 || !to || !from ? (
        <EmptyState icon={ArrowRightLeftIcon} title={t("movement.title")} description={runs.length === 0 ? t("movement.noRun") : t("movement.onlyOne")} testId="rfm-movement-empty">
          <Button asChild variant="outline"><Link href="/rfm">{t("tabs.overview")}</Link></Button>
        </EmptyState>
      ) : (
        <div className="grid gap-6">
          <RunPicker runs={runs} from={from} to={to} locale={displayLocale} />
          {!movement ? (
            <Alert data-testid="rfm-movement-same"><AlertDescription>{t("movement.sameRun")}</AlertDescription></Alert>
          ) : (
            <>
              <MovementChanges movement={movement} from={from} to={to} />
              <MovementMatrix movement={movement} from={from} to={to} />
            </>
          )}
        </div>
      )}
    </>
  );
}

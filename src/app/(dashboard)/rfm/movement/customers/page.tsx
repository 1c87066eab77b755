import { ArrowLeftIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/page-header";
import { RfmCustomerTable } from "@/components/rfm/rfm-customer-table";
import { NoBusiness } from "@/features/businesses/components/no-business";
import { getActiveBusiness, getSupabase, requireUser } from "@/lib/auth/session";
import { formatDate } from "@/lib/format";
import { movementListHref, PAGE_SIZE, parseMovementListParams, type SearchParams } from "@/lib/rfm/params";
import { listMovementCustomers, listRfmRuns } from "@/lib/rfm/queries";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("rfm");
  return { title: `${t("movement.title")} · ${t("title")}` };
}

const count = new Intl.NumberFormat("id-ID");

/** The customers behind one movement number ("12 Pelanggan Setia menjadi Berisiko"). */
export default async function RfmMovementCustomersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireUser();
  const [business, supabase, t, locale, search] = await Promise.all([getActiveBusiness(), getSupabase(), getTranslations("rfm"), getLocale(), searchParams]);
  if (!business) return <NoBusiness />;
  const q = parseMovementListParams(search);
  if (!q) notFound();
  const runs = await listRfmRuns(supabase, { businessId: business.id, limit: 200 });
  const fromRun = runs.find((r) => r.id === q.from);
  const toRun = runs.find((r) => r.id === q.to);
  if (!fromRun || !toRun) notFound();
  const displayLocale = locale === "en" ? "en" : "id";
  const page = await listMovementCustomers(supabase, {
    businessId: business.id,
    fromRunId: q.from,
    toRunId: q.to,
    fromSegment: q.fromSegment,
    toSegment: q.toSegment,
    limit: PAGE_SIZE,
    offset: (q.page - 1) * PAGE_SIZE,
  });
  const fromLabel = q.fromSegment ? t(`segments.${q.fromSegment}.label`) : t("movement.newFrom");
  const toLabel = t(`segments.${q.toSegment}.label`);

  return (
    <>
      <Link href={`/rfm/movement?from=${q.from}&to=${q.to}`} className="mb-2 inline-flex items-center gap-1 text-sm text-muted-foreground hover:underline">
        <ArrowLeftIcon className="size-4" aria-hidden="true" /> {t("movement.back")}
      </Link>
      <PageHeader
        title={t("movement.listTitle", { from: fromLabel, to: toLabel })}
        description={`${formatDate(fromRun.analysisDate, displayLocale)} → ${formatDate(toRun.analysisDate, displayLocale)}`}
      />
      <div className="grid gap-3">
        <p className="text-sm" data-testid="rfm-movement-sentence">
          {t.rich(q.fromSegment === null ? "movement.moveNew" : "movement.move", { count: count.format(page.total), from: fromLabel, to: toLabel, n: (chunks) => <strong>{chunks}</strong> })}
        </p>
        {page.total === 0 ? (
          <p className="rounded-md border border-dashed p-6 text-center text-sm text-muted-foreground">{t("movement.noChanges")}</p>
        ) : (
          <RfmCustomerTable
            page={page}
            pageNumber={q.page}
            pageSize={PAGE_SIZE}
            locale={displayLocale}
            pageHref={(n) => movementListHref({ ...q, page: n })}
          />
        )}
      </div>
    </>
  );
}

import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { ExportMenu } from "@/components/exports/export-menu";
import { PageHeader } from "@/components/page-header";
import { NoBusiness } from "@/features/businesses/components/no-business";
import { BulkEntryButton } from "@/features/transactions/components/bulk-entry";
import { PeriodStatsPanel } from "@/features/transactions/components/period-stats";
import { RecordSaleButton } from "@/features/transactions/components/sale-dialogs";
import { TransactionFilters, TransactionTable, type SearchParams } from "@/features/transactions/components/transaction-list";
import { resolvePeriod } from "@/features/transactions/period";
import { getCustomerOption, getPeriodStats, listTransactions } from "@/features/transactions/queries";
import { listTransactionsQuery, periodStatsQuery } from "@/features/transactions/schema";
import { getActiveBusiness, getSupabase, requireUser, roleAtLeast } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("shell.nav");
  return { title: t("transactions") };
}

/** One value per key (the first when a key repeats), for zod. */
const single = (params: SearchParams) =>
  Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]).filter(([, v]) => v !== undefined && v !== ""));

export default async function TransactionsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireUser();
  const [params, business, supabase, t, locale] = await Promise.all([searchParams, getActiveBusiness(), getSupabase(), getTranslations("transactions"), getLocale()]);
  if (!business) return <NoBusiness />;

  const values = single(params);
  // A hand-edited URL with a bad filter falls back to the defaults instead of an error page.
  const parsedList = listTransactionsQuery.safeParse(values);
  const query = parsedList.success ? parsedList.data : listTransactionsQuery.parse({});
  const parsedPeriod = periodStatsQuery.safeParse({ period: values.period, from: values.statsFrom, to: values.statsTo });
  const period = parsedPeriod.success ? parsedPeriod.data : periodStatsQuery.parse({});
  const range = resolvePeriod(period.period, new Date(), { from: period.from, to: period.to });

  const [page, stats, filterCustomer] = await Promise.all([
    listTransactions(supabase, { ...query, businessId: business.id }),
    getPeriodStats(supabase, { ...range, businessId: business.id }),
    query.customerId ? getCustomerOption(supabase, { businessId: business.id, id: query.customerId }) : Promise.resolve(null),
  ]);
  const canWrite = roleAtLeast(business.role, "staff");
  const displayLocale = locale === "en" ? "en" : "id";

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("subtitle", { business: business.name })}
        actions={
          canWrite && (
            <>
              <BulkEntryButton />
              <RecordSaleButton customer={filterCustomer ? { id: filterCustomer.id, name: filterCustomer.name } : null} />
            </>
          )
        }
      />
      <div className="grid gap-6">
        <PeriodStatsPanel stats={stats} period={period.period} params={params} locale={displayLocale} />
        {filterCustomer && (
          <p className="text-sm" data-testid="customer-filter">
            {t("filters.customer", { name: filterCustomer.name })}
          </p>
        )}
        <TransactionFilters query={query} params={params} />
        <div className="flex justify-end"><ExportMenu path="/api/transactions/export" testId="transactions-export" /></div>
        <TransactionTable page={page} query={query} params={params} locale={displayLocale} canWrite={canWrite} />
      </div>
    </>
  );
}

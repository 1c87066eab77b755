import { FileUpIcon, PlusIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ExportMenu } from "@/components/exports/export-menu";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { NoBusiness } from "@/features/businesses/components/no-business";
import { CustomerList } from "@/features/customers/components/customer-list";
import { StatsCards } from "@/features/customers/components/stats-cards";
import { getCustomerListStats, listCustomers, listTags } from "@/features/customers/queries";
import { listCustomersQuery } from "@/features/customers/schema";
import { searchParamsToObject } from "@/lib/api/handler";
import { getActiveBusiness, getSupabase, roleAtLeast } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("shell.nav");
  return { title: t("customers") };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function CustomersPage({ searchParams }: { searchParams: SearchParams }) {
  const [t, tImports, active, raw] = await Promise.all([getTranslations("customers"), getTranslations("imports"), getActiveBusiness(), searchParams]);
  if (!active) return <NoBusiness />;
  const flat = new URLSearchParams();
  for (const [key, value] of Object.entries(raw)) for (const v of [value ?? []].flat()) flat.append(key, v);
  // A hand-edited URL with a bad value falls back to the defaults instead of failing the page.
  const parsed = listCustomersQuery.safeParse(searchParamsToObject(flat));
  const query = parsed.success ? parsed.data : listCustomersQuery.parse({});
  const supabase = await getSupabase();
  const [page, stats, tags] = await Promise.all([
    listCustomers(supabase, { ...query, businessId: active.id }),
    getCustomerListStats(supabase, active.id),
    listTags(supabase, active.id),
  ]);
  const canEdit = roleAtLeast(active.role, "staff");
  const sort = query.sort ?? (query.q ? "relevance" : "created_at");
  const order = query.order ?? (query.sort === "name" ? "asc" : "desc");

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          canEdit && (
            <>
              <Button asChild variant="outline" data-testid="import-customers">
                <Link href="/imports?kind=customers">
                  <FileUpIcon /> {tImports("fromCustomers")}
                </Link>
              </Button>
              <Button asChild data-testid="add-customer">
                <Link href="/customers/new">
                  <PlusIcon /> {t("add")}
                </Link>
              </Button>
            </>
          )
        }
      />
      <StatsCards stats={stats} />
      <div className="mb-2 flex justify-end"><ExportMenu path="/api/customers/export" /></div>
      <CustomerList rows={page.rows} meta={page.meta} tags={tags} sort={sort} order={order} canEdit={canEdit} />
    </>
  );
}

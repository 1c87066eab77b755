import { BanknoteIcon, CalendarDaysIcon, ReceiptTextIcon, SproutIcon, UsersIcon } from "lucide-react";
import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent } from "@/components/ui/card";
import { getProfile } from "@/features/auth/queries";
import { NoBusiness } from "@/features/businesses/components/no-business";
import { NextSteps } from "@/features/shell/components/next-steps";
import { getBusinessTotals } from "@/features/shell/queries";
import { resolvePeriod } from "@/features/transactions/period";
import { getPeriodStats } from "@/features/transactions/queries";
import { formatIDR } from "@/lib/format";
import { getActiveBusiness, getSupabase, requireUser } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("shell.nav");
  return { title: t("dashboard") };
}

export default async function DashboardPage() {
  const user = await requireUser();
  const [t, format, business, supabase] = await Promise.all([
    getTranslations("dashboard"),
    getFormatter(),
    getActiveBusiness(),
    getSupabase(),
  ]);
  if (!business) return <NoBusiness />;

  const [profile, totals, revenue, tx] = await Promise.all([
    getProfile(supabase, user.id),
    getBusinessTotals(supabase, business.id),
    // One call: the last 30 WIB days; today is the last day of its series.
    getPeriodStats(supabase, { ...resolvePeriod("30d"), businessId: business.id }),
    getTranslations("transactions"),
  ]);
  const today = revenue.daily.at(-1)?.revenue ?? 0;
  const firstName = (profile?.fullName ?? "").split(" ")[0] || (user.email ?? "");

  return (
    <>
      <PageHeader title={t("greeting", { name: firstName })} description={t("subtitle", { business: business.name })} />
      <p className="sr-only" data-testid="dashboard-business-name">
        {business.name}
      </p>
      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        {totals.customers === 0 ? (
          <EmptyState icon={SproutIcon} title={t("emptyTitle")} description={t("emptyBody")} testId="dashboard-empty" className="self-start" />
        ) : (
          <div className="grid content-start gap-4 sm:grid-cols-2" data-testid="dashboard-totals">
            <Card>
              <CardContent className="flex items-center gap-4">
                <UsersIcon className="size-8 text-primary" aria-hidden="true" />
                <div>
                  <p className="text-2xl font-bold">{format.number(totals.customers)}</p>
                  <p className="text-sm text-muted-foreground">{t("totalCustomers")}</p>
                </div>
              </CardContent>
            </Card>
            <Card>
              <CardContent className="flex items-center gap-4">
                <ReceiptTextIcon className="size-8 text-primary" aria-hidden="true" />
                <div>
                  <p className="text-2xl font-bold">{format.number(totals.transactions)}</p>
                  <p className="text-sm text-muted-foreground">{t("totalTransactions")}</p>
                </div>
              </CardContent>
            </Card>
            {(
              [
                { key: "dashboardToday", value: today, icon: BanknoteIcon },
                { key: "dashboard30d", value: revenue.revenue, icon: CalendarDaysIcon },
              ] as const
            ).map(({ key, value, icon: Icon }) => (
              <Card key={key}>
                <CardContent className="flex items-center gap-4">
                  <Icon className="size-8 text-primary" aria-hidden="true" />
                  <div>
                    <p className="text-2xl font-bold tabular-nums" data-testid={`dashboard-${key}`}>
                      {formatIDR(value)}
                    </p>
                    <p className="text-sm text-muted-foreground">{tx(key)}</p>
                  </div>
                </CardContent>
              </Card>
            ))}
            <p className="text-sm text-muted-foreground sm:col-span-2">{t("insightsSoon")}</p>
          </div>
        )}
        <NextSteps />
      </div>
    </>
  );
}

import { getTranslations } from "next-intl/server";
import { Card, CardContent } from "@/components/ui/card";
import { formatIDR } from "@/lib/format";
import type { CustomerListStats } from "../queries";

/** The six figures above the list (live customers; revenue from non-voided sales). */
export async function StatsCards({ stats }: { stats: CustomerListStats }) {
  const t = await getTranslations("customers.stats");
  const nf = new Intl.NumberFormat("id-ID");
  const items: [string, string, string][] = [
    ["total", t("total"), nf.format(stats.total)],
    ["active", t("active"), nf.format(stats.active)],
    ["split", t("split"), `${nf.format(stats.private)} / ${nf.format(stats.business)}`],
    ["revenue", t("revenue"), formatIDR(stats.totalRevenue)],
    ["average", t("average"), formatIDR(stats.averageCustomerValue)],
    ["debt", t("debt"), formatIDR(stats.totalDebt)],
  ];
  return (
    <div className="mb-4 grid grid-cols-2 gap-2 lg:grid-cols-6" data-testid="customer-stats">
      {items.map(([key, label, value]) => (
        <Card key={key} className="py-3">
          <CardContent className="px-3">
            <p className="text-xs text-muted-foreground">{label}</p>
            <p className="truncate text-lg font-semibold tabular-nums" data-testid={`stat-${key}`}>{value}</p>
          </CardContent>
        </Card>
      ))}
    </div>
  );
}

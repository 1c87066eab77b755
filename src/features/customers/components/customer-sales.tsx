import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { listTransactions } from "@/features/transactions/queries";
import type { TypedSupabaseClient } from "@/lib/supabase/server";
import { formatDate, formatIDR } from "@/lib/format";

/**
 * The customer's own most recent sales (voided ones included, marked) on their detail page,
 * with a link to the full list at /transactions filtered to this customer.
 */
export async function CustomerSales({ supabase, businessId, customerId, className }: { supabase: TypedSupabaseClient; businessId: string; customerId: string; className?: string }) {
  const [t, tTx, page] = await Promise.all([
    getTranslations("customers.detail"),
    getTranslations("transactions"),
    listTransactions(supabase, { businessId, customerId, status: "all", sort: "date", order: "desc", page: 1, limit: 10 }),
  ]);
  return (
    <Card className={className} data-testid="customer-sales">
      <CardHeader className="flex flex-row items-center justify-between gap-2">
        <CardTitle>{t("recentSales")}</CardTitle>
        <Link href={`/transactions?customerId=${customerId}&status=all`} className="text-sm hover:underline" data-testid="customer-sales-all">
          {t("allSales", { total: page.meta.total })}
        </Link>
      </CardHeader>
      <CardContent>
        {page.rows.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t("noSales")}</p>
        ) : (
          <ul className="grid gap-1 text-sm">
            {page.rows.map((tx) => (
              <li key={tx.id} className="flex items-center justify-between gap-2 border-b py-1 last:border-0" data-testid="customer-sale">
                <span className="min-w-0">
                  <span className="block">{formatDate(tx.date)}</span>
                  <span className="text-xs text-muted-foreground">{tx.paymentMethod ? tTx(`payment.${tx.paymentMethod}`) : tTx("paymentNone")}</span>
                </span>
                <span className="flex items-center gap-2 tabular-nums">
                  {tx.status === "voided" && <Badge variant="outline">{tTx("status.voided")}</Badge>}
                  <span className={tx.status === "voided" ? "text-muted-foreground line-through" : ""}>{formatIDR(tx.amount)}</span>
                </span>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

import { ArrowDownIcon, ArrowUpIcon, ChevronsUpDownIcon } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDate, formatIDR, type DisplayLocale } from "@/lib/format";
import type { TransactionPage } from "../queries";
import type { ListTransactionsQuery, TransactionSort } from "../schema";
import { EditSaleButton, VoidSaleButton } from "./sale-dialogs";

export type SearchParams = Record<string, string | string[] | undefined>;

/** The current URL's query with some keys replaced (undefined removes a key). */
export function hrefWith(params: SearchParams, patch: Record<string, string | undefined>): string {
  const next = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...params, ...patch })) {
    if (typeof v === "string" && v !== "") next.set(k, v);
  }
  const qs = next.toString();
  return qs ? `/transactions?${qs}` : "/transactions";
}

/** Filters as a plain GET form: works before (and without) JavaScript, one tap to apply. */
export async function TransactionFilters({ query, params }: { query: ListTransactionsQuery; params: SearchParams }) {
  const t = await getTranslations("transactions");
  return (
    <form method="get" action="/transactions" className="grid grid-cols-2 gap-2 sm:grid-cols-6 sm:items-end" data-testid="transaction-filters">
      {typeof params.period === "string" && <input type="hidden" name="period" value={params.period} />}
      {query.customerId && <input type="hidden" name="customerId" value={query.customerId} />}
      <input type="hidden" name="sort" value={query.sort} />
      <input type="hidden" name="order" value={query.order} />
      <label className="grid gap-1 text-xs font-medium">
        {t("filters.from")}
        <Input type="date" name="from" defaultValue={query.from ?? ""} />
      </label>
      <label className="grid gap-1 text-xs font-medium">
        {t("filters.to")}
        <Input type="date" name="to" defaultValue={query.to ?? ""} />
      </label>
      <label className="grid gap-1 text-xs font-medium">
        {t("filters.minAmount")}
        <Input inputMode="numeric" name="minAmount" defaultValue={query.minAmount ?? ""} />
      </label>
      <label className="grid gap-1 text-xs font-medium">
        {t("filters.maxAmount")}
        <Input inputMode="numeric" name="maxAmount" defaultValue={query.maxAmount ?? ""} />
      </label>
      <label className="grid gap-1 text-xs font-medium">
        {t("filters.status")}
        <select name="status" defaultValue={query.status} className="h-10 rounded-md border bg-transparent px-3 text-sm dark:bg-input/30">
          {(["completed", "voided", "all"] as const).map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <div className="flex gap-2">
        <Button type="submit" data-testid="filters-apply">
          {t("filters.apply")}
        </Button>
        <Button variant="ghost" asChild>
          <Link href="/transactions">{t("filters.reset")}</Link>
        </Button>
      </div>
    </form>
  );
}

const COLUMNS: { key: TransactionSort | null; label: "date" | "customer" | "amount" | "payment" | "status" }[] = [
  { key: "date", label: "date" },
  { key: null, label: "customer" },
  { key: "amount", label: "amount" },
  { key: null, label: "payment" },
  { key: null, label: "status" },
];

export async function TransactionTable({
  page,
  query,
  params,
  locale,
  canWrite,
}: {
  page: TransactionPage;
  query: ListTransactionsQuery;
  params: SearchParams;
  locale: DisplayLocale;
  canWrite: boolean;
}) {
  const t = await getTranslations("transactions");
  const pages = Math.max(1, Math.ceil(page.meta.total / page.meta.limit));
  const sortHref = (key: TransactionSort) =>
    hrefWith(params, { sort: key, order: query.sort === key && query.order === "desc" ? "asc" : "desc", page: undefined });

  return (
    <div className="grid gap-3">
      <div className="overflow-x-auto rounded-md border">
        <Table data-testid="transaction-table">
          <TableHeader>
            <TableRow>
              {COLUMNS.map((c) => (
                <TableHead key={c.label} className={c.label === "amount" ? "text-right" : undefined}>
                  {c.key ? (
                    <Link href={sortHref(c.key)} className="inline-flex items-center gap-1 hover:underline" aria-label={t("sortBy", { column: t(`columns.${c.label}`) })}>
                      {t(`columns.${c.label}`)}
                      {query.sort !== c.key ? (
                        <ChevronsUpDownIcon className="size-3.5" aria-hidden="true" />
                      ) : query.order === "asc" ? (
                        <ArrowUpIcon className="size-3.5" aria-hidden="true" />
                      ) : (
                        <ArrowDownIcon className="size-3.5" aria-hidden="true" />
                      )}
                    </Link>
                  ) : (
                    t(`columns.${c.label}`)
                  )}
                </TableHead>
              ))}
              {canWrite && <TableHead className="text-right">{t("columns.actions")}</TableHead>}
            </TableRow>
          </TableHeader>
          <TableBody>
            {page.rows.map((tx) => (
              <TableRow key={tx.id} data-testid="transaction-row" data-status={tx.status}>
                <TableCell className="whitespace-nowrap">{formatDate(tx.date, locale)}</TableCell>
                <TableCell>
                  {tx.customer ? (
                    <Link href={hrefWith({}, { customerId: tx.customer.id })} className="font-medium hover:underline">
                      {tx.customer.name}
                    </Link>
                  ) : (
                    "—"
                  )}
                  {tx.notes && <p className="max-w-64 truncate text-xs text-muted-foreground">{tx.notes}</p>}
                  {tx.items.length > 0 && (
                    <p className="max-w-64 truncate text-xs text-muted-foreground">{tx.items.map((i) => `${i.quantity}× ${i.name}`).join(", ")}</p>
                  )}
                </TableCell>
                <TableCell className="text-right font-medium whitespace-nowrap tabular-nums">{formatIDR(tx.amount)}</TableCell>
                <TableCell>{tx.paymentMethod ? t(`payment.${tx.paymentMethod}`) : "—"}</TableCell>
                <TableCell>
                  <Badge variant={tx.status === "voided" ? "destructive" : "secondary"} title={tx.voidReason ?? undefined}>
                    {t(`status.${tx.status}`)}
                  </Badge>
                  {tx.voidReason && <p className="max-w-48 truncate text-xs text-muted-foreground">{t("voidedBy", { reason: tx.voidReason })}</p>}
                </TableCell>
                {canWrite && (
                  <TableCell className="text-right whitespace-nowrap">
                    {tx.status === "completed" && (
                      <>
                        <EditSaleButton transaction={tx} />
                        <VoidSaleButton transaction={tx} />
                      </>
                    )}
                  </TableCell>
                )}
              </TableRow>
            ))}
            {page.rows.length === 0 && (
              <TableRow>
                <TableCell colSpan={6} className="py-8 text-center text-muted-foreground" data-testid="transactions-empty">
                  {t("empty")}
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </div>
      <nav className="flex flex-wrap items-center justify-between gap-2 text-sm" aria-label={t("pageInfo", { page: page.meta.page, pages, total: page.meta.total })}>
        <span className="text-muted-foreground" data-testid="page-info">
          {t("pageInfo", { page: page.meta.page, pages, total: page.meta.total })}
        </span>
        <div className="flex gap-2">
          <Button variant="outline" size="sm" asChild aria-disabled={page.meta.page <= 1}>
            <Link href={hrefWith(params, { page: String(Math.max(1, page.meta.page - 1)) })}>{t("prev")}</Link>
          </Button>
          <Button variant="outline" size="sm" asChild aria-disabled={page.meta.page >= pages}>
            <Link href={hrefWith(params, { page: String(Math.min(pages, page.meta.page + 1)) })}>{t("next")}</Link>
          </Button>
        </div>
      </nav>
    </div>
  );
}

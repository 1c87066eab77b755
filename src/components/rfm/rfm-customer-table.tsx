import { ArrowDownIcon, ArrowUpIcon, ChevronsUpDownIcon } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDate, formatIDR, type DisplayLocale } from "@/lib/format";
import { pageCount, type SegmentSort } from "@/lib/rfm/params";
import { formatPhone } from "@/lib/phone";
import type { Page, RfmCustomerRow } from "@/lib/rfm/queries";

const count = new Intl.NumberFormat("id-ID");

export interface SortState {
  sort: SegmentSort;
  desc: boolean;
  /** href of the same list sorted by `sort` (toggling the direction when already sorted by it). */
  hrefFor: (sort: SegmentSort) => string;
}

function SortIcon({ active, desc }: { active: boolean; desc: boolean }) {
  if (!active) return <ChevronsUpDownIcon className="size-3.5" aria-hidden="true" />;
  return desc ? <ArrowDownIcon className="size-3.5" aria-hidden="true" /> : <ArrowUpIcon className="size-3.5" aria-hidden="true" />;
}

/**
 * The customers of a segment (or of one movement number): name to the customer's page,
 * WhatsApp, last purchase, F, M, the R/F/M scores and the RFM code. Sorting and paging are
 * links (URL search params), so they work without JavaScript and survive a reload.
 */
export async function RfmCustomerTable({
  page,
  pageNumber,
  pageHref,
  sort,
  locale,
  pageSize,
}: {
  page: Page<RfmCustomerRow & { fromRfmCode?: string | null }>;
  pageNumber: number;
  pageHref: (page: number) => string;
  sort?: SortState;
  locale: DisplayLocale;
  pageSize: number;
}) {
  const t = await getTranslations("rfm");
  const pages = pageCount(page.total, pageSize);
  const head = (key: SegmentSort, label: string, right = false) => (
    <TableHead className={right ? "text-right" : undefined} aria-sort={sort?.sort === key ? (sort.desc ? "descending" : "ascending") : undefined}>
      {sort ? (
        <Link href={sort.hrefFor(key)} className="inline-flex items-center gap-1 hover:underline" aria-label={t("columns.sortBy", { column: label })} data-testid={`rfm-sort-${key}`}>
          {label}
          <SortIcon active={sort.sort === key} desc={sort.desc} />
        </Link>
      ) : (
        label
      )}
    </TableHead>
  );
  const sortLabels: [SegmentSort, string][] = [
    ["monetary", t("columns.monetary")],
    ["frequency", t("columns.frequency")],
    ["recency", t("columns.lastPurchase")],
    ["name", t("columns.name")],
  ];
  return (
    <div className="grid gap-3">
      {/* Phone: one card per customer and the sort keys as chips; the table from sm up. */}
      {sort && (
        <nav className="flex flex-wrap gap-1.5 sm:hidden" aria-label={t("columns.sort")}>
          {sortLabels.map(([key, label]) => (
            <Link
              key={key}
              href={sort.hrefFor(key)}
              aria-current={sort.sort === key ? "true" : undefined}
              className="inline-flex h-8 items-center gap-1 rounded-full border px-3 text-xs font-medium aria-[current=true]:border-primary aria-[current=true]:bg-primary/10"
            >
              {label}
              {sort.sort === key && <SortIcon active desc={sort.desc} />}
            </Link>
          ))}
        </nav>
      )}
      <ul className="grid gap-2 sm:hidden" data-testid="rfm-customer-cards">
        {page.rows.map((c) => (
          <li key={c.customerId} className="rounded-lg border p-3" data-testid="rfm-customer-card">
            <div className="flex items-start justify-between gap-2">
              <Link href={`/customers/${c.customerId}`} className="min-w-0 font-medium break-words hover:underline">
                {c.name}
              </Link>
              <span className="shrink-0 font-mono text-sm">
                {c.fromRfmCode !== undefined && <span className="text-muted-foreground">{c.fromRfmCode ?? "—"} → </span>}
                {c.rfmCode ?? "—"}
              </span>
            </div>
            {c.whatsapp && <p className="text-sm text-muted-foreground">{formatPhone(c.whatsapp)}</p>}
            <dl className="mt-2 grid grid-cols-3 gap-2 text-xs">
              <div>
                <dt className="text-muted-foreground">{t("columns.lastPurchase")}</dt>
                <dd>{formatDate(c.lastPurchaseDate, locale)}</dd>
              </div>
              <div>
                <dt className="text-muted-foreground">{t("columns.frequency")}</dt>
                <dd className="tabular-nums">{count.format(c.frequency)}</dd>
              </div>
              <div>
                <dt className="text-muted-foreground">{t("columns.monetary")}</dt>
                <dd className="tabular-nums">{formatIDR(c.monetary)}</dd>
              </div>
            </dl>
          </li>
        ))}
      </ul>
      <div className="hidden overflow-x-auto rounded-md border sm:block">
        <Table data-testid="rfm-customer-table">
          <TableHeader>
            <TableRow>
              {head("name", t("columns.name"))}
              <TableHead>{t("columns.whatsapp")}</TableHead>
              {head("recency", t("columns.lastPurchase"))}
              {head("frequency", t("columns.frequency"), true)}
              {head("monetary", t("columns.monetary"), true)}
              <TableHead className="text-center">{t("columns.scores")}</TableHead>
              <TableHead className="text-center">{t("columns.code")}</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {page.rows.map((c) => (
              <TableRow key={c.customerId} data-testid="rfm-customer-row" data-customer-id={c.customerId}>
                <TableCell>
                  <Link href={`/customers/${c.customerId}`} className="font-medium hover:underline" data-testid="rfm-customer-link">
                    {c.name}
                  </Link>
                </TableCell>
                <TableCell className="whitespace-nowrap">{c.whatsapp ? formatPhone(c.whatsapp) : "—"}</TableCell>
                <TableCell className="whitespace-nowrap">
                  {formatDate(c.lastPurchaseDate, locale)}
                  <span className="block text-xs text-muted-foreground">{t("customer.recencyDays", { days: count.format(c.recencyDays) })}</span>
                </TableCell>
                <TableCell className="text-right tabular-nums">{count.format(c.frequency)}</TableCell>
                <TableCell className="text-right whitespace-nowrap tabular-nums">{formatIDR(c.monetary)}</TableCell>
                <TableCell className="text-center whitespace-nowrap tabular-nums" data-testid="rfm-customer-scores">
                  {c.rScore === null ? "—" : `R${c.rScore} F${c.fScore} M${c.mScore}`}
                </TableCell>
                <TableCell className="text-center font-mono text-sm whitespace-nowrap" data-testid="rfm-customer-code">
                  {c.fromRfmCode !== undefined && <span className="text-muted-foreground">{c.fromRfmCode ?? "—"} → </span>}
                  {c.rfmCode ?? "—"}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {pages > 1 && (
        <nav className="flex items-center justify-between gap-2 text-sm" aria-label={t("paging.pageOf", { page: pageNumber, pages })}>
          <Button variant="outline" size="sm" asChild={pageNumber > 1} disabled={pageNumber <= 1}>
            {pageNumber > 1 ? <Link href={pageHref(pageNumber - 1)} data-testid="rfm-page-prev">{t("paging.prev")}</Link> : <span>{t("paging.prev")}</span>}
          </Button>
          <span className="text-muted-foreground" data-testid="rfm-page-of">{t("paging.pageOf", { page: pageNumber, pages })}</span>
          <Button variant="outline" size="sm" asChild={pageNumber < pages} disabled={pageNumber >= pages}>
            {pageNumber < pages ? <Link href={pageHref(pageNumber + 1)} data-testid="rfm-page-next">{t("paging.next")}</Link> : <span>{t("paging.next")}</span>}
          </Button>
        </nav>
      )}
    </div>
  );
}

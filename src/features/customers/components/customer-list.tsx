"use client";

import type { RowSelectionState } from "@tanstack/react-table";
import { SearchIcon, XIcon } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { PageMeta } from "@/lib/api/envelope";
import type { CustomerListRow, TagChip } from "../queries";
import { BALANCE_FILTERS, CUSTOMER_STATUSES, CUSTOMER_TYPES, RFM_SEGMENTS, type CustomerSort } from "../schema";
import { BulkBar } from "./bulk-bar";
import { NativeSelect } from "./customer-bits";
import { CustomerTable } from "./customer-table";

interface Props {
  rows: CustomerListRow[];
  meta: PageMeta;
  tags: TagChip[];
  sort: CustomerSort;
  order: "asc" | "desc";
  canEdit: boolean;
}

/**
 * Search, filters, sort and page live in the URL (shareable, back button works); the server
 * page runs search_customers with them. Typing in the search box updates the URL after a pause.
 */
export function CustomerList({ rows, meta, tags, sort, order, canEdit }: Props) {
  const t = useTranslations("customers");
  const tRfm = useTranslations("rfm");
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  const [q, setQ] = useState(params.get("q") ?? "");
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [showMore, setShowMore] = useState(Boolean(params.get("balanceMin") || params.get("balanceMax") || params.get("createdFrom") || params.get("createdTo")));

  const navigate = useCallback(
    (changes: Record<string, string | null>, keepPage = false) => {
      const next = new URLSearchParams(params.toString());
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === "") next.delete(key);
        else next.set(key, value);
      }
      if (!keepPage) next.delete("page");
      setSelection({});
      startTransition(() => router.replace(`${pathname}?${next.toString()}`, { scroll: false }));
    },
    [params, pathname, router],
  );

  // Debounced search: the URL (and the query) follow the box 350 ms after the last key.
  useEffect(() => {
    if (q === (params.get("q") ?? "")) return;
    const timer = setTimeout(() => navigate({ q: q.trim() || null }), 350);
    return () => clearTimeout(timer);
  }, [q, params, navigate]);

  const onSort = useCallback(
    (column: CustomerSort) => navigate({ sort: column, order: sort === column && order === "asc" ? "desc" : "asc" }),
    [navigate, sort, order],
  );

  const pages = Math.max(1, Math.ceil(meta.total / meta.limit));
  const selectedRows = rows.filter((r) => selection[r.id]);
  const filter = (key: string) => params.get(key) ?? "";
  const filtered = ["status", "type", "tag", "balance", "segment", "deleted", "balanceMin", "balanceMax", "createdFrom", "createdTo", "q"].some((k) => params.get(k));

  return (
    <div className="grid grid-cols-1 gap-4" aria-busy={pending}>
      <div className="grid min-w-0 grid-cols-1 gap-2">
        <label htmlFor="customer-search" className="sr-only">
          {t("searchLabel")}
        </label>
        <div className="relative">
          <SearchIcon className="pointer-events-none absolute top-3 left-3 size-4 text-muted-foreground" />
          <Input
            id="customer-search"
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder={t("searchPlaceholder")}
            className="pl-9"
            maxLength={200}
            data-testid="customer-search"
          />
        </div>
        <div className="flex flex-wrap gap-2">
          <NativeSelect aria-label={t("filters.status")} value={filter("deleted") === "true" ? "deleted" : filter("status")} data-testid="filter-status"
            onChange={(e) => navigate(e.target.value === "deleted" ? { deleted: "true", status: null } : { status: e.target.value || null, deleted: null })}>
            <option value="">{`${t("filters.status")}: ${t("filters.all")}`}</option>
            {CUSTOMER_STATUSES.map((s) => <option key={s} value={s}>{t(`statuses.${s}`)}</option>)}
            <option value="deleted">{t("filters.deleted")}</option>
          </NativeSelect>
          <NativeSelect aria-label={t("filters.type")} value={filter("type")} onChange={(e) => navigate({ type: e.target.value || null })} data-testid="filter-type">
            <option value="">{`${t("filters.type")}: ${t("filters.all")}`}</option>
            {CUSTOMER_TYPES.map((s) => <option key={s} value={s}>{t(`types.${s}`)}</option>)}
          </NativeSelect>
          <NativeSelect aria-label={t("filters.balance")} value={filter("balance")} onChange={(e) => navigate({ balance: e.target.value || null })} data-testid="filter-balance">
            <option value="">{`${t("filters.balance")}: ${t("filters.all")}`}</option>
            {BALANCE_FILTERS.map((s) => <option key={s} value={s}>{t(`filters.${s}`)}</option>)}
          </NativeSelect>
          <NativeSelect aria-label={t("filters.segment")} value={filter("segment")} onChange={(e) => navigate({ segment: e.target.value || null })} data-testid="filter-segment">
            <option value="">{`${t("filters.segment")}: ${t("filters.all")}`}</option>
            {RFM_SEGMENTS.map((s) => <option key={s} value={s}>{tRfm(`segments.${s}.label`)}</option>)}
            <option value="none">{tRfm("prospect.label")}</option>
          </NativeSelect>
          {tags.length > 0 && (
            <NativeSelect aria-label={t("filters.tag")} value={filter("tag")} onChange={(e) => navigate({ tag: e.target.value || null })} data-testid="filter-tag">
              <option value="">{`${t("filters.tag")}: ${t("filters.all")}`}</option>
              {tags.map((tag) => <option key={tag.id} value={tag.id}>{tag.name}</option>)}
            </NativeSelect>
          )}
          <Button type="button" variant="outline" onClick={() => setShowMore((v) => !v)} data-testid="filter-more">
            {t("filters.show")}
          </Button>
          {filtered && (
            <Button type="button" variant="ghost" onClick={() => { setQ(""); startTransition(() => router.replace(pathname)); }} data-testid="filter-reset">
              <XIcon /> {t("filters.reset")}
            </Button>
          )}
        </div>
        {showMore && (
          <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
            {(["balanceMin", "balanceMax"] as const).map((key) => (
              <label key={key} className="grid gap-1 text-xs text-muted-foreground">
                {t(`filters.${key}`)}
                <Input type="number" inputMode="numeric" defaultValue={filter(key)} onBlur={(e) => navigate({ [key]: e.target.value || null })} />
              </label>
            ))}
            {(["createdFrom", "createdTo"] as const).map((key) => (
              <label key={key} className="grid gap-1 text-xs text-muted-foreground">
                {t(`filters.${key}`)}
                <Input type="date" defaultValue={filter(key)} onChange={(e) => navigate({ [key]: e.target.value || null })} />
              </label>
            ))}
          </div>
        )}
      </div>

      {canEdit && selectedRows.length > 0 && <BulkBar selected={selectedRows} tags={tags} onDone={() => setSelection({})} />}

      <p className="text-sm text-muted-foreground" data-testid="customer-total">
        {meta.totalExact === false ? t("resultsEstimate", { total: meta.total }) : t("results", { total: meta.total })}
      </p>

      {rows.length === 0 ? (
        <div className="rounded-lg border border-dashed p-8 text-center" data-testid="customer-empty">
          <p className="font-medium">{t("empty")}</p>
          <p className="text-sm text-muted-foreground">{t("emptyHint")}</p>
        </div>
      ) : (
        <CustomerTable rows={rows} sort={sort} order={order} onSort={onSort} selection={selection} onSelectionChange={setSelection} />
      )}

      {pages > 1 && (
        <nav className="flex items-center justify-between gap-2" aria-label="pagination">
          <Button variant="outline" disabled={meta.page <= 1} onClick={() => navigate({ page: String(meta.page - 1) }, true)} data-testid="page-prev">
            {t("prev")}
          </Button>
          <span className="text-sm text-muted-foreground">{t("pageOf", { page: meta.page, pages })}</span>
          <Button variant="outline" disabled={meta.page >= pages} onClick={() => navigate({ page: String(meta.page + 1) }, true)} data-testid="page-next">
            {t("next")}
          </Button>
        </nav>
      )}
    </div>
  );
}

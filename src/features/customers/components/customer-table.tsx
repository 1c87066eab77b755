"use client";

import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type RowSelectionState } from "@tanstack/react-table";
import { ArrowDownIcon, ArrowUpDownIcon, ArrowUpIcon } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDate } from "@/lib/format";
import { formatPhone } from "@/lib/phone";
import type { CustomerListRow } from "../queries";
import type { CustomerSort } from "../schema";
import { BalanceText, TagList } from "./customer-bits";

interface Props {
  rows: CustomerListRow[];
  sort: CustomerSort;
  order: "asc" | "desc";
  onSort: (column: CustomerSort) => void;
  selection: RowSelectionState;
  onSelectionChange: (next: RowSelectionState) => void;
}

/**
 * The customer list as a TanStack table (desktop) and as cards (phones). Sorting and
 * pagination happen in the database (search_customers); the table only renders and selects.
 */
export function CustomerTable({ rows, sort, order, onSort, selection, onSelectionChange }: Props) {
  "use no memo"; // TanStack Table v8 returns functions the React Compiler cannot memoise safely.
  const t = useTranslations("customers");
  const tRfm = useTranslations("rfm");
  // The RFM engineer's labels (messages/rfm): "Juara", ... and "Prospek" for no segment yet.
  const segmentLabel = (row: CustomerListRow) => (row.segment ? tRfm(`segments.${row.segment}.label`) : tRfm("prospect.label"));

  const columns = useMemo<ColumnDef<CustomerListRow>[]>(() => {
    const sortable = (key: CustomerSort, label: string) =>
      function SortHeader() {
        return (
          <button type="button" className="inline-flex items-center gap-1 font-medium" onClick={() => onSort(key)} data-testid={`sort-${key}`}>
            {label}
            {sort === key ? order === "asc" ? <ArrowUpIcon className="size-3" /> : <ArrowDownIcon className="size-3" /> : <ArrowUpDownIcon className="size-3 opacity-40" />}
          </button>
        );
      };
    return [
      {
        id: "select",
        header: ({ table }) => (
          <input
            type="checkbox"
            aria-label="select all"
            className="size-4"
            checked={table.getIsAllRowsSelected()}
            onChange={table.getToggleAllRowsSelectedHandler()}
            data-testid="select-all"
          />
        ),
        cell: ({ row }) => (
          <input type="checkbox" aria-label={row.original.name} className="size-4" checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} data-testid="select-row" />
        ),
      },
      {
        accessorKey: "name",
        header: sortable("name", t("fields.name")),
        cell: ({ row }) => (
          <div className="min-w-0">
            <Link href={`/customers/${row.original.id}`} className="font-medium hover:underline" data-testid="customer-link">
              {row.original.name}
            </Link>
            <TagList tags={row.original.tags} />
          </div>
        ),
      },
      { accessorKey: "whatsapp", header: sortable("whatsapp", t("fields.whatsapp")), cell: ({ row }) => (row.original.whatsapp ? formatPhone(row.original.whatsapp) : "—") },
      { accessorKey: "email", header: sortable("email", t("fields.email")), cell: ({ row }) => row.original.email ?? "—" },
      { accessorKey: "city", header: sortable("city", t("fields.city")), cell: ({ row }) => row.original.city ?? "—" },
      { accessorKey: "type", header: sortable("type", t("fields.type")), cell: ({ row }) => t(`types.${row.original.type}`) },
      {
        accessorKey: "status",
        header: sortable("status", t("fields.status")),
        cell: ({ row }) => <Badge variant="outline">{row.original.deletedAt ? t("statuses.deleted") : t(`statuses.${row.original.status}`)}</Badge>,
      },
      {
        id: "segment",
        header: t("fields.segment"),
        cell: ({ row }) => (
          <span className={row.original.segment ? "" : "text-muted-foreground"} data-testid="customer-segment" data-segment={row.original.segment ?? "none"}>
            {segmentLabel(row.original)}
          </span>
        ),
      },
      { accessorKey: "balance", header: sortable("balance", t("fields.balance")), cell: ({ row }) => <BalanceText value={row.original.balance} /> },
      { accessorKey: "createdAt", header: sortable("created_at", t("fields.createdAt")), cell: ({ row }) => formatDate(row.original.createdAt) },
    ];
    // segmentLabel only closes over tRfm.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [t, tRfm, sort, order, onSort]);

  // eslint-disable-next-line react-hooks/incompatible-library -- the component opts out of compiler memoisation above
  const table = useReactTable({
    data: rows,
    columns,
    getRowId: (row) => row.id,
    state: { rowSelection: selection },
    enableRowSelection: true,
    onRowSelectionChange: (updater) => onSelectionChange(typeof updater === "function" ? updater(selection) : updater),
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
  });

  return (
    <>
      <div className="hidden rounded-md border md:block">
        <Table data-testid="customer-table">
          <TableHeader>
            {table.getHeaderGroups().map((group) => (
              <TableRow key={group.id}>
                {group.headers.map((header) => (
                  <TableHead key={header.id}>{header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}</TableHead>
                ))}
              </TableRow>
            ))}
          </TableHeader>
          <TableBody>
            {table.getRowModel().rows.map((row) => (
              <TableRow key={row.id} data-state={row.getIsSelected() ? "selected" : undefined} data-testid="customer-row">
                {row.getVisibleCells().map((cell) => (
                  <TableCell key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>

      <ul className="grid gap-2 md:hidden" data-testid="customer-cards">
        {table.getRowModel().rows.map((row) => {
          const c = row.original;
          return (
            <li key={c.id} className="flex items-start gap-3 rounded-lg border p-3" data-testid="customer-card">
              <input type="checkbox" aria-label={c.name} className="mt-1 size-5" checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} />
              <Link href={`/customers/${c.id}`} className="min-w-0 flex-1">
                <div className="flex items-center justify-between gap-2">
                  <span className="truncate font-medium">{c.name}</span>
                  <BalanceText value={c.balance} />
                </div>
                <div className="truncate text-sm text-muted-foreground">
                  {[c.whatsapp ? formatPhone(c.whatsapp) : null, c.city].filter(Boolean).join(" · ") || c.email}
                </div>
                <div className="mt-1 flex flex-wrap items-center gap-1 text-xs">
                  <Badge variant="outline">{c.deletedAt ? t("statuses.deleted") : t(`statuses.${c.status}`)}</Badge>
                  <Badge variant="secondary" data-testid="customer-card-segment">{segmentLabel(c)}</Badge>
                  <TagList tags={c.tags} />
                </div>
              </Link>
            </li>
          );
        })}
      </ul>
    </>
  );
}

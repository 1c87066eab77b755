/**
 * Query / body of the export routes. The customer filters are the list's own schema
 * (listCustomersQuery) minus paging and sort: an export takes every matching row, newest first.
 */
import { z } from "zod";
import { listCustomersQuery } from "@/features/customers/schema";
import { listTransactionsQuery } from "@/features/transactions/schema";
import { vk } from "@/i18n/validation";

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
const format = z.enum(EXPORT_FORMATS, vk("invalid")).default("csv");
/** `sep=semicolon` for Indonesian Excel, whose list separator is `;`. */
const sep = z.enum(["comma", "semicolon"], vk("invalid")).default("comma");

export const customerExportQuery = listCustomersQuery.omit({ page: true, limit: true, sort: true, order: true }).extend({ format, sep });
export type CustomerExportQuery = z.output<typeof customerExportQuery>;

/** "Ekspor terpilih": the ids ticked in the list (the bulk bar allows up to 500). */
export const customerSelectionExport = z.object({
  format,
  sep,
  customerIds: z.array(z.uuid(vk("invalid")), vk("invalid")).min(1, vk("required")).max(500, vk("tooLong")),
});

export const transactionExportQuery = listTransactionsQuery.safeExtend({ format, sep });
export type TransactionExportQuery = z.output<typeof transactionExportQuery>;

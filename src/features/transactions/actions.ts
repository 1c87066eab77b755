"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/action";
import { AppError } from "@/lib/api/errors";
import { recordTransaction, updateTransaction, voidTransaction } from "./mutations";
import { searchCustomerOptions } from "./queries";
import {
  bulkTransactionsSchema,
  createTransactionSchema,
  customerPickerQuery,
  updateTransactionSchema,
  voidTransactionSchema,
} from "./schema";

const business = (id: string | null): string => {
  if (!id) throw new AppError("FORBIDDEN", { message: "NO_ACTIVE_BUSINESS" });
  return id;
};

/** "Catat penjualan": one sale, atomic in record_transaction. */
export const recordSale = defineAction(
  createTransactionSchema,
  async (input, ctx) => {
    const saved = await recordTransaction(ctx.supabase, { ...input, businessId: business(ctx.businessId) }, ctx.log);
    return { id: saved.id };
  },
  { role: "staff" },
);

export interface BulkRowResult {
  index: number;
  id?: string;
  error?: { code: string; message: string; details?: Record<string, unknown> };
}

/**
 * Bulk entry: every row was validated by the schema first (one bad row rejects the form);
 * each row is then its own atomic sale, so a row the database refuses is reported by index
 * while the others stay recorded.
 */
export const recordSales = defineAction(
  bulkTransactionsSchema,
  async (input, ctx) => {
    const businessId = business(ctx.businessId);
    const results: BulkRowResult[] = [];
    for (const [index, row] of input.rows.entries()) {
      try {
        const saved = await recordTransaction(ctx.supabase, { ...row, businessId }, ctx.log);
        results.push({ index, id: saved.id });
      } catch (err) {
        if (!(err instanceof AppError) || err.code === "INTERNAL") throw err;
        results.push({ index, error: { code: err.code, message: err.localized(ctx.locale), details: err.details } });
      }
    }
    return { results };
  },
  { role: "staff" },
);

export const editSale = defineAction(
  updateTransactionSchema.extend({ id: z.uuid() }),
  async ({ id, ...input }, ctx) => {
    const saved = await updateTransaction(ctx.supabase, { ...input, id, businessId: business(ctx.businessId) }, ctx.log);
    return { id: saved.id, version: saved.version };
  },
  { role: "staff" },
);

export const voidSale = defineAction(
  voidTransactionSchema.extend({ id: z.uuid() }),
  async ({ id, reason }, ctx) => {
    const saved = await voidTransaction(ctx.supabase, { id, reason, businessId: business(ctx.businessId) }, ctx.log);
    return { id: saved.id };
  },
  { role: "staff" },
);

/** The sale form's customer picker: live customers whose name contains the text. */
export const findCustomers = defineAction(
  customerPickerQuery,
  async (input, ctx) => searchCustomerOptions(ctx.supabase, { businessId: business(ctx.businessId), q: input.q }),
  { role: "viewer" },
);

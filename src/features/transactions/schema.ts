/**
 * zod schemas for sales, shared by the forms (browser) and the route handlers / actions
 * (server). Messages are keys of the `validation` namespace (vk), translated where shown.
 * The database checks the same rules again (record_transaction / update_transaction).
 */
import { z } from "zod";
import { vk } from "@/i18n/validation";
import { MAX_PERIOD_DAYS, MIN_TRANSACTION_DATE, PERIODS, daysBetween } from "./period";

export const PAYMENT_METHODS = ["tunai", "transfer", "qris", "e-wallet", "kartu", "lainnya"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Largest amount numeric(15,2) holds comfortably. */
export const MAX_AMOUNT = 9_999_999_999_999;
export const MAX_ITEMS = 100;

const isoDate = z.iso.date(vk("txDateInvalid"));

/** Rupiah with at most 2 decimals (the UI shows none). */
const money = (message: "txAmountPositive" | "txPriceInvalid") =>
  z.coerce
    .number(vk("txAmountInvalid"))
    .refine((n) => Number.isFinite(n), vk("txAmountInvalid"))
    .refine((n) => (message === "txAmountPositive" ? n > 0 : n >= 0), vk(message))
    .refine((n) => n <= MAX_AMOUNT, vk("txAmountTooLarge"))
    .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, vk("txAmountInvalid"));

export const transactionItemSchema = z.object({
  name: z.string(vk("required")).trim().min(1, vk("txItemNameRequired")).max(200, vk("tooLong")),
  quantity: z.coerce
    .number(vk("txQuantityInvalid"))
    .gt(0, vk("txQuantityInvalid"))
    .lt(1_000_000_000, vk("txQuantityInvalid"))
    .refine((n) => Math.abs(Math.round(n * 1000) - n * 1000) < 1e-6, vk("txQuantityInvalid")),
  unitPrice: money("txPriceInvalid"),
});
export type TransactionItemInput = z.input<typeof transactionItemSchema>;

/** What a line costs, rounded to sen like the database's generated column. */
export function lineTotal(item: { quantity: number; unitPrice: number }): number {
  return Math.round(item.quantity * item.unitPrice * 100) / 100;
}

/** Sum of the lines in sen (integers), so 0.1 + 0.2 never decides a mismatch. */
export function itemsTotal(items: { quantity: number; unitPrice: number }[]): number {
  return items.reduce((sum, item) => sum + Math.round(lineTotal(item) * 100), 0) / 100;
}

const transactionFields = {
  customerId: z.uuid(vk("txCustomerRequired")),
  date: isoDate.refine((d) => d >= MIN_TRANSACTION_DATE, vk("txDateTooEarly")),
  amount: money("txAmountPositive"),
  items: z.array(transactionItemSchema).max(MAX_ITEMS, vk("txItemsTooMany")).default([]),
  paymentMethod: z.enum(PAYMENT_METHODS, vk("txPaymentMethodInvalid")).nullable().optional(),
  notes: z.string().trim().max(1000, vk("tooLong")).optional(),
};

type WithItems = { amount: number; items: { quantity: number; unitPrice: number }[] };

/** Items, when present, must add up to the amount; the error sits on `items`. */
function itemsMatchAmount(value: WithItems, ctx: z.RefinementCtx): void {
  if (value.items.length === 0) return;
  if (Math.round(itemsTotal(value.items) * 100) !== Math.round(value.amount * 100)) {
    ctx.addIssue({ code: "custom", path: ["items"], message: vk("txItemsTotalMismatch") });
  }
}

export const createTransactionSchema = z.object(transactionFields).superRefine(itemsMatchAmount);
export type CreateTransactionInput = z.input<typeof createTransactionSchema>;
export type CreateTransaction = z.output<typeof createTransactionSchema>;

/** Bulk entry: several sales in one form, recorded one by one (each atomic). */
export const bulkTransactionsSchema = z.object({
  rows: z.array(createTransactionSchema).min(1, vk("required")).max(50, vk("txItemsTooMany")),
});

/**
 * An edit names the version (updated_at as the API returned it) it started from. Fields left
 * out keep their current value; `items: []` removes the lines.
 */
export const updateTransactionSchema = z.object({
  version: z.string(vk("required")).min(1, vk("required")).max(64),
  customerId: transactionFields.customerId.optional(),
  date: transactionFields.date.optional(),
  amount: transactionFields.amount.optional(),
  items: z.array(transactionItemSchema).max(MAX_ITEMS, vk("txItemsTooMany")).optional(),
  paymentMethod: transactionFields.paymentMethod,
  notes: z.string().trim().max(1000, vk("tooLong")).nullable().optional(),
});
export type UpdateTransactionInput = z.input<typeof updateTransactionSchema>;
export type UpdateTransaction = z.output<typeof updateTransactionSchema>;

export const voidTransactionSchema = z.object({
  reason: z.string(vk("txVoidReasonRequired")).trim().min(1, vk("txVoidReasonRequired")).max(500, vk("tooLong")),
});

export const transactionIdParams = z.object({ id: z.uuid(vk("invalid")) });

export const TRANSACTION_SORTS = ["date", "amount", "created"] as const;
export type TransactionSort = (typeof TRANSACTION_SORTS)[number];

export const listTransactionsQuery = z
  .object({
    customerId: z.uuid(vk("invalid")).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    minAmount: z.coerce.number(vk("txAmountInvalid")).min(0, vk("txAmountInvalid")).optional(),
    maxAmount: z.coerce.number(vk("txAmountInvalid")).min(0, vk("txAmountInvalid")).optional(),
    status: z.enum(["completed", "voided", "all"], vk("invalid")).default("completed"),
    sort: z.enum(TRANSACTION_SORTS, vk("invalid")).default("date"),
    order: z.enum(["asc", "desc"], vk("invalid")).default("desc"),
    page: z.coerce.number(vk("invalid")).int(vk("invalid")).min(1, vk("invalid")).max(100_000, vk("invalid")).default(1),
    limit: z.coerce.number(vk("invalid")).int(vk("invalid")).min(1, vk("invalid")).max(100, vk("invalid")).default(20),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: "custom", path: ["to"], message: vk("txRangeInvalid") });
    if (q.minAmount !== undefined && q.maxAmount !== undefined && q.minAmount > q.maxAmount) {
      ctx.addIssue({ code: "custom", path: ["maxAmount"], message: vk("txRangeInvalid") });
    }
  });
export type ListTransactionsQuery = z.output<typeof listTransactionsQuery>;

export const periodStatsQuery = z
  .object({
    period: z.enum(PERIODS, vk("invalid")).default("30d"),
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .superRefine((q, ctx) => {
    if (q.period !== "custom") return;
    if (!q.from || !q.to) {
      ctx.addIssue({ code: "custom", path: [q.from ? "to" : "from"], message: vk("required") });
      return;
    }
    if (q.from < MIN_TRANSACTION_DATE) ctx.addIssue({ code: "custom", path: ["from"], message: vk("txDateTooEarly") });
    if (q.from > q.to) ctx.addIssue({ code: "custom", path: ["to"], message: vk("txRangeInvalid") });
    else if (daysBetween(q.from, q.to) > MAX_PERIOD_DAYS) ctx.addIssue({ code: "custom", path: ["to"], message: vk("txRangeTooLong") });
  });
export type PeriodStatsQuery = z.output<typeof periodStatsQuery>;

export const customerPickerQuery = z.object({
  q: z.string().trim().max(100, vk("tooLong")).default(""),
});

/**
 * Recording, editing and voiding a sale: one RPC each (atomic, audited, role-checked in
 * Postgres), then the customer's figures are queued for a background refresh. The sale never
 * waits for that job and never fails because of it: an enqueue failure is logged (and the
 * next refresh of that customer, or a whole-business refresh, repairs the figures).
 */
import "server-only";
import type { SupabaseClient } from "@supabase/supabase-js";
import { localized } from "@/i18n/server-text";
import type { ValidationKey } from "@/i18n/validation";
import { AppError, fromPostgrestError, type ErrorCode, type LocalizedText } from "@/lib/api/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import type { Logger } from "@/lib/logger";
import type { Database, Json } from "@/lib/supabase/database.types";
import { getTransaction, toTransaction, type Transaction, type TransactionRow } from "./queries";
import type { CreateTransaction, TransactionItemInput, UpdateTransaction } from "./schema";

type Client = SupabaseClient<Database>;

interface Rule {
  code: ErrorCode;
  message: LocalizedText;
  /** The form field the error belongs on; its detail is the validation key (vk convention). */
  field?: string;
  key?: ValidationKey;
}

const v = (field: string, key: ValidationKey): Rule => ({ code: "VALIDATION_ERROR", field, key, message: localized((m) => m.validation[key]) });

/** HINT keys raised by the transaction RPCs -> the error the user sees. */
const RULES: Record<string, Rule> = {
  date_too_early: v("date", "txDateTooEarly"),
  amount_not_positive: v("amount", "txAmountPositive"),
  amount_invalid: v("amount", "txAmountInvalid"),
  payment_method_invalid: v("paymentMethod", "txPaymentMethodInvalid"),
  notes_too_long: v("notes", "tooLong"),
  customer_not_found: v("customerId", "txCustomerNotFound"),
  items_invalid: v("items", "invalid"),
  items_too_many: v("items", "txItemsTooMany"),
  items_total_mismatch: v("items", "txItemsTotalMismatch"),
  void_reason_required: v("reason", "txVoidReasonRequired"),
  void_reason_too_long: v("reason", "tooLong"),
  transaction_not_found: { code: "NOT_FOUND", message: localized((m) => m.transactions.notFound) },
  transaction_voided: { code: "CONFLICT", message: localized((m) => m.transactions.alreadyVoided) },
  transaction_version_conflict: { code: "CONFLICT", message: localized((m) => m.transactions.conflict) },
};

export function transactionRpcError(error: { code?: string; message?: string; hint?: string | null }): AppError {
  const rule = error.hint ? RULES[error.hint] : undefined;
  if (rule) {
    const details = rule.field && rule.key ? { [rule.field]: rule.key } : undefined;
    return new AppError(rule.code, { message: rule.message, details, cause: error });
  }
  return fromPostgrestError(error) ?? new AppError("INTERNAL", { cause: error });
}

function itemsJson(items: TransactionItemInput[] | undefined): Json {
  return (items ?? []).map((i) => ({ name: String(i.name).trim(), quantity: Number(i.quantity), unit_price: Number(i.unitPrice) }));
}

/**
 * Queues customers.refresh_stats (the customers' lifetime figures and their RFM scores, one job
 * for both); logs instead of throwing (the sale is already saved).
 */
export async function queueStatsRefresh(businessId: string, customerIds: string[], log: Logger): Promise<void> {
  try {
    await enqueue("customers.refresh_stats", { businessId, customerIds: [...new Set(customerIds)] });
  } catch (err) {
    log.error("could not queue customers.refresh_stats", { err, businessId, customerIds });
  }
}

export async function recordTransaction(
  client: Client,
  params: CreateTransaction & { businessId: string },
  log: Logger,
): Promise<Transaction> {
  // One round trip: the RPC returns the saved sale with its customer and items (no read-back).
  const { data, error } = await client.rpc("record_transaction_detail", {
    p_business_id: params.businessId,
    p_customer_id: params.customerId,
    p_date: params.date,
    p_amount: params.amount,
    p_items: itemsJson(params.items),
    p_payment_method: params.paymentMethod ?? undefined,
    p_notes: params.notes ?? undefined,
  });
  if (error) throw transactionRpcError(error);
  // The JSON private.transaction_detail_json builds: the row shape the transaction reads select.
  const saved = toTransaction(data as unknown as TransactionRow);
  // The sale is committed: queue the figures refresh (awaited, so the job is never lost; a
  // failure to queue is only logged).
  await queueStatsRefresh(params.businessId, [saved.customerId], log);
  return saved;
}

/**
 * Partial edit: fields left out keep their current value. The RPC compares the version with
 * the row's updated_at under a row lock, so two concurrent edits cannot both win.
 */
export async function updateTransaction(
  client: Client,
  params: UpdateTransaction & { businessId: string; id: string },
  log: Logger,
): Promise<Transaction> {
  const current = await getTransaction(client, { businessId: params.businessId, id: params.id });
  if (!current) throw new AppError("NOT_FOUND", { message: localized((m) => m.transactions.notFound) });
  const amount = params.amount ?? current.amount;
  // New amount without new items: existing items would no longer add up, so say so clearly.
  const items = params.items ?? current.items.map((i) => ({ name: i.name, quantity: i.quantity, unitPrice: i.unitPrice }));
  const { data, error } = await client.rpc("update_transaction", {
    p_id: params.id,
    p_expected_updated_at: params.version,
    p_customer_id: params.customerId ?? current.customerId,
    p_date: params.date ?? current.date,
    p_amount: amount,
    p_items: itemsJson(items),
    p_payment_method: (params.paymentMethod === undefined ? current.paymentMethod : params.paymentMethod) ?? undefined,
    p_notes: (params.notes === undefined ? current.notes : params.notes) ?? undefined,
  });
  if (error) throw transactionRpcError(error);
  const [, saved] = await Promise.all([
    queueStatsRefresh(params.businessId, [current.customerId, data.customer_id], log),
    getTransaction(client, { businessId: params.businessId, id: params.id }),
  ]);
  return saved ?? current;
}

export async function voidTransaction(
  client: Client,
  params: { businessId: string; id: string; reason: string },
  log: Logger,
): Promise<Transaction> {
  const current = await getTransaction(client, { businessId: params.businessId, id: params.id });
  if (!current) throw new AppError("NOT_FOUND", { message: localized((m) => m.transactions.notFound) });
  const { data, error } = await client.rpc("void_transaction", { p_id: params.id, p_reason: params.reason });
  if (error) throw transactionRpcError(error);
  const [, saved] = await Promise.all([
    queueStatsRefresh(params.businessId, [data.customer_id], log),
    getTransaction(client, { businessId: params.businessId, id: params.id }),
  ]);
  return saved ?? current;
}

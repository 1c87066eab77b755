/**
 * One staged row -> the values to import, or the reasons it cannot be. Uses the very zod
 * schemas of the customer and sale forms (createCustomerSchema, createTransactionSchema,
 * transactionItemSchema, tagSchema), so an import accepts exactly what the forms accept.
 * Rupiah and dates are read first with the import rules of values.ts.
 */
import type { z } from "zod";
import { MAX_LEDGER_AMOUNT, createCustomerSchema, tagSchema } from "@/features/customers/schema";
import { createTransactionSchema, transactionItemSchema } from "@/features/transactions/schema";
import type { ValidationKey } from "@/i18n/validation";
import type { ImportField, Mapping } from "./fields";
import type { ImportKind } from "./limits";
import { cleanCell, parseImportDate, parseRupiah, type RowErrorKey } from "./values";

export interface RowError {
  field: ImportField | "customer" | "row";
  /** A key of imports.rowErrors, or of the validation namespace (the form schemas' messages). */
  key: RowErrorKey | ValidationKey;
  params?: Record<string, string | number>;
}

export type CustomerValues = {
  name: string;
  whatsapp: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  city: string | null;
  tags: string[];
  balance: number | null;
};
export type TransactionValues = {
  date: string;
  amount: number;
  name: string | null;
  whatsapp: string | null;
  email: string | null;
  product: string | null;
  notes: string | null;
};

export type RowResult =
  | { ok: true; parsed: CustomerValues | TransactionValues }
  | { ok: false; parsed: Record<string, unknown>; errors: RowError[] };

/** Any valid uuid: the sale schema needs a customer, which the database finds later. */
const PENDING_CUSTOMER = "00000000-0000-4000-8000-000000000000";

function cells(raw: readonly string[], mapping: Mapping): Partial<Record<ImportField, string>> {
  const out: Partial<Record<ImportField, string>> = {};
  for (const [field, index] of Object.entries(mapping) as [ImportField, number | undefined][]) {
    if (index === undefined) continue;
    const value = cleanCell(raw[index]);
    if (value !== "") out[field] = value;
  }
  return out;
}

function issuesToErrors(issues: readonly z.core.$ZodIssue[], fieldOf: (path: PropertyKey | undefined) => RowError["field"]): RowError[] {
  const seen = new Set<string>();
  const out: RowError[] = [];
  for (const issue of issues) {
    const field = fieldOf(issue.path[0]);
    if (seen.has(field)) continue;
    seen.add(field);
    out.push({ field, key: issue.message as ValidationKey });
  }
  return out;
}

export function validateCustomerRow(raw: readonly string[], mapping: Mapping): RowResult {
  const c = cells(raw, mapping);
  const errors: RowError[] = [];
  const result = createCustomerSchema.safeParse({
    name: c.name ?? "",
    whatsapp: c.whatsapp,
    phone: c.phone,
    email: c.email,
    address: c.address,
    city: c.city,
  });
  if (!result.success) {
    errors.push(...issuesToErrors(result.error.issues, (p) => (typeof p === "string" && p in c ? (p as ImportField) : p === "whatsapp" ? "whatsapp" : "name")));
  }
  const tags: string[] = [];
  for (const name of (c.tags ?? "").split(/[,;|]/).map((t) => t.trim()).filter(Boolean)) {
    const tag = tagSchema.shape.name.safeParse(name);
    if (!tag.success) {
      errors.push({ field: "tags", key: "tagTooLong" });
      break;
    }
    if (!tags.some((t) => t.toLowerCase() === tag.data.toLowerCase())) tags.push(tag.data);
  }
  let balance: number | null = null;
  if (c.balance !== undefined) {
    const money = parseRupiah(c.balance);
    if (!money.ok) errors.push({ field: "balance", key: money.key });
    else if (Math.abs(money.value) > MAX_LEDGER_AMOUNT) errors.push({ field: "balance", key: "txAmountTooLarge" });
    else balance = money.value;
  }
  if (!result.success || errors.length > 0) return { ok: false, parsed: { ...c }, errors };
  const v = result.data;
  return {
    ok: true,
    parsed: {
      name: v.name,
      whatsapp: v.whatsapp ?? null,
      phone: v.phone ?? null,
      email: v.email ?? null,
      address: v.address ?? null,
      city: v.city ?? null,
      tags,
      balance,
    },
  };
}

export function validateTransactionRow(raw: readonly string[], mapping: Mapping): RowResult {
  const c = cells(raw, mapping);
  const errors: RowError[] = [];
  const date = c.date === undefined ? ({ ok: false, key: "required" } as const) : parseImportDate(c.date);
  if (!date.ok) errors.push({ field: "date", key: date.key });
  const amount = c.amount === undefined ? ({ ok: false, key: "required" } as const) : parseRupiah(c.amount);
  if (!amount.ok) errors.push({ field: "amount", key: amount.key });

  let product: string | null = null;
  let notes: string | null = null;
  if (date.ok && amount.ok) {
    const sale = createTransactionSchema.safeParse({ customerId: PENDING_CUSTOMER, date: date.value, amount: amount.value, notes: c.notes, items: [] });
    if (!sale.success) {
      errors.push(...issuesToErrors(sale.error.issues, (p) => (p === "date" || p === "amount" || p === "notes" ? p : "row")));
    } else {
      notes = sale.data.notes || null;
    }
    if (c.product !== undefined && sale.success) {
      const item = transactionItemSchema.safeParse({ name: c.product, quantity: 1, unitPrice: sale.data.amount });
      if (!item.success) errors.push(...issuesToErrors(item.error.issues, () => "product"));
      else product = item.data.name;
    }
  }
  const name = c.name ?? null;
  if (name !== null && name.length > 200) errors.push({ field: "name", key: "tooLong" });
  const contact = validateContact(c.whatsapp, c.email);
  errors.push(...contact.errors);
  if (!name && !contact.whatsapp && !contact.email && contact.errors.length === 0) errors.push({ field: "customer", key: "customerMissing" });

  if (errors.length > 0 || !date.ok || !amount.ok) return { ok: false, parsed: { ...c }, errors };
  return { ok: true, parsed: { date: date.value, amount: amount.value, name, whatsapp: contact.whatsapp, email: contact.email, product, notes } };
}

type Contact = { whatsapp: string | null; email: string | null; errors: RowError[] };

/**
 * A sales file names the same buyers over and over (a million sales, tens of thousands of
 * customers), and libphonenumber is the costly part of a row: results are remembered per
 * process, bounded, since the same text always gives the same answer. The common case (a
 * WhatsApp number alone that is valid) is kept as just the digits of its E.164 form, a
 * number (at most 15 digits: exact in a double), keyed by the cell itself: ~100 bytes an
 * entry instead of ~260 with a key built per row and a result object.
 * The live size matters beyond itself: V8 lets the heap grow to a multiple of what is live
 * before it collects, so 26 MB of cache cost the worker ~100 MB of resident memory at peak.
 */
const whatsappCache = new Map<string, number | Contact>();
const contactCache = new Map<string, Contact>();
const CONTACT_CACHE_MAX = 100_000;

function makeRoom(): void {
  if (whatsappCache.size + contactCache.size < CONTACT_CACHE_MAX) return;
  whatsappCache.clear();
  contactCache.clear();
}

/** WhatsApp / email of the buyer, checked with the customer form's rules. */
function validateContact(whatsapp: string | undefined, email: string | undefined): Contact {
  if (whatsapp === undefined && email === undefined) return { whatsapp: null, email: null, errors: [] };
  if (email === undefined && whatsapp !== undefined) {
    const hit = whatsappCache.get(whatsapp);
    if (typeof hit === "number") return { whatsapp: `+${hit}`, email: null, errors: [] };
    if (hit) return hit;
    const contact = checkContact(whatsapp, undefined);
    makeRoom();
    const e164 = contact.whatsapp !== null && contact.errors.length === 0 && /^\+\d{1,15}$/.test(contact.whatsapp) ? Number(contact.whatsapp.slice(1)) : null;
    whatsappCache.set(whatsapp, e164 !== null && `+${e164}` === contact.whatsapp ? e164 : contact);
    return contact;
  }
  const key = `${whatsapp ?? ""}\u0000${email ?? ""}`;
  const hit = contactCache.get(key);
  if (hit) return hit;
  const contact = checkContact(whatsapp, email);
  makeRoom();
  contactCache.set(key, contact);
  return contact;
}

function checkContact(whatsapp: string | undefined, email: string | undefined): Contact {
  const result = createCustomerSchema.safeParse({ name: "x", whatsapp, email, phone: undefined });
  if (result.success) return { whatsapp: result.data.whatsapp ?? null, email: result.data.email ?? null, errors: [] };
  const errors = issuesToErrors(
    result.error.issues.filter((i) => i.path[0] === "whatsapp" || i.path[0] === "email"),
    (p) => (p === "email" ? "email" : "whatsapp"),
  );
  return { whatsapp: null, email: null, errors };
}

export function validateRow(kind: ImportKind, raw: readonly string[], mapping: Mapping): RowResult {
  return kind === "customers" ? validateCustomerRow(raw, mapping) : validateTransactionRow(raw, mapping);
}

/**
 * zod schemas for customers, shared by the forms (browser) and the route handlers / actions
 * (server). Messages are keys of the `validation` namespace (vk), translated where shown.
 * Phone numbers go through libphonenumber (src/lib/phone.ts): what people type in, E.164 out.
 * The database checks the same rules again (constraints and the customer RPCs).
 */
import { z } from "zod";
import { vk } from "@/i18n/validation";
import { normalizePhone, normalizeWhatsApp } from "@/lib/phone";
import { Constants } from "@/lib/supabase/database.types";

export const CUSTOMER_TYPES = ["private", "business"] as const;
export const CUSTOMER_STATUSES = ["active", "inactive", "blacklisted"] as const;
export const NOTE_TYPES = ["general", "complaint", "feedback", "request"] as const;
export const LEDGER_ENTRY_TYPES = ["credit", "debit", "carry_over"] as const;
export const MANUAL_ACTIVITY_KINDS = ["call", "email", "meeting", "note", "booking"] as const;
export const BALANCE_FILTERS = ["credit", "debt", "zero"] as const;
/** The RFM segments (public.rfm_segment, in the enum's order) and "none": no segment yet ("Prospek"). */
export const RFM_SEGMENTS = Constants.public.Enums.rfm_segment;
export const SEGMENT_FILTERS = [...RFM_SEGMENTS, "none"] as const;
export const CUSTOMER_SORTS = ["created_at", "updated_at", "name", "whatsapp", "email", "city", "type", "status", "balance", "relevance"] as const;

export type CustomerType = (typeof CUSTOMER_TYPES)[number];
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];
export type NoteType = (typeof NOTE_TYPES)[number];
export type LedgerEntryType = (typeof LEDGER_ENTRY_TYPES)[number];
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];
export type RfmSegment = (typeof RFM_SEGMENTS)[number];
export type SegmentFilter = (typeof SEGMENT_FILTERS)[number];

/** Largest amount numeric(15,2) holds comfortably. */
export const MAX_LEDGER_AMOUNT = 9_999_999_999_999;

/** "" / whitespace / null -> undefined, so optional form fields can be left empty. */
const blankToUndefined = (v: unknown) => (v === null || (typeof v === "string" && v.trim() === "") ? undefined : v);

const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max, vk("tooLong")).optional());

const whatsappInput = z.preprocess(
  blankToUndefined,
  z
    .string()
    .transform((raw, ctx) => {
      const result = normalizeWhatsApp(raw.trim());
      if (result.ok) return result.e164;
      ctx.addIssue({ code: "custom", message: result.reason === "not_mobile" ? vk("whatsappNotMobile") : vk("whatsappInvalid"), input: raw });
      return z.NEVER;
    })
    .optional(),
);

const phoneInput = z.preprocess(
  blankToUndefined,
  z
    .string()
    .transform((raw, ctx) => {
      const result = normalizePhone(raw.trim());
      if (result.ok) return result.e164;
      ctx.addIssue({ code: "custom", message: vk("custPhoneInvalid"), input: raw });
      return z.NEVER;
    })
    .optional(),
);

const emailInput = z.preprocess(
  blankToUndefined,
  z.string().trim().max(254, vk("tooLong")).pipe(z.email(vk("emailInvalid"))).transform((v) => v.toLowerCase()).optional(),
);

const customerFields = {
  name: z.string(vk("custNameRequired")).trim().min(1, vk("custNameRequired")).max(200, vk("tooLong")),
  whatsapp: whatsappInput,
  phone: phoneInput,
  email: emailInput,
  address: optionalText(500),
  city: optionalText(120),
  type: z.enum(CUSTOMER_TYPES, vk("invalid")).default("private"),
  status: z.enum(CUSTOMER_STATUSES, vk("invalid")).default("active"),
};

const hasContact = (c: { whatsapp?: string; phone?: string; email?: string }) => Boolean(c.whatsapp || c.phone || c.email);

/** Create: a name plus at least one of WhatsApp / phone / email (DOMAIN.md). */
export const createCustomerSchema = z
  .object(customerFields)
  .refine(hasContact, { message: vk("custContactRequired"), path: ["whatsapp"] });
export type CreateCustomerInput = z.input<typeof createCustomerSchema>;
export type CreateCustomer = z.output<typeof createCustomerSchema>;

/**
 * Update: any subset of the fields, plus the `updated_at` the editor loaded (the version).
 * A field sent as "" or null clears it (name, type and status cannot be cleared).
 */
export const updateCustomerSchema = z.object({
  expectedUpdatedAt: z.string(vk("required")).min(1, vk("required")).max(64),
  name: customerFields.name.optional(),
  whatsapp: z.union([z.literal(null), z.literal(""), whatsappInput]).optional(),
  phone: z.union([z.literal(null), z.literal(""), phoneInput]).optional(),
  email: z.union([z.literal(null), z.literal(""), emailInput]).optional(),
  address: z.union([z.literal(null), optionalText(500)]).optional(),
  city: z.union([z.literal(null), optionalText(120)]).optional(),
  type: z.enum(CUSTOMER_TYPES, vk("invalid")).optional(),
  status: z.enum(CUSTOMER_STATUSES, vk("invalid")).optional(),
});
export type UpdateCustomerInput = z.input<typeof updateCustomerSchema>;
export type UpdateCustomer = z.output<typeof updateCustomerSchema>;

/**
 * The browser form's shape: every field a string as typed, checked with the same rules as
 * createCustomerSchema (which the server then applies again and normalises with).
 */
const formPhone = (normalize: typeof normalizeWhatsApp | typeof normalizePhone, message: (reason: string) => ReturnType<typeof vk>) =>
  z.string().superRefine((raw, ctx) => {
    if (raw.trim() === "") return;
    const result = normalize(raw.trim());
    if (!result.ok) ctx.addIssue({ code: "custom", message: message(result.reason) });
  });

export const customerFormSchema = z
  .object({
    name: z.string().trim().min(1, vk("custNameRequired")).max(200, vk("tooLong")),
    whatsapp: formPhone(normalizeWhatsApp, (reason) => (reason === "not_mobile" ? vk("whatsappNotMobile") : vk("whatsappInvalid"))),
    phone: formPhone(normalizePhone, () => vk("custPhoneInvalid")),
    email: z.string().trim().max(254, vk("tooLong")).refine((v) => v === "" || z.email().safeParse(v).success, vk("emailInvalid")),
    address: z.string().max(500, vk("tooLong")),
    city: z.string().max(120, vk("tooLong")),
    type: z.enum(CUSTOMER_TYPES, vk("invalid")),
    status: z.enum(CUSTOMER_STATUSES, vk("invalid")),
  })
  .refine((c) => Boolean(c.whatsapp.trim() || c.phone.trim() || c.email.trim()), { message: vk("custContactRequired"), path: ["whatsapp"] });
export type CustomerFormValues = z.output<typeof customerFormSchema>;

const isoDate = z.iso.date(vk("invalid"));
const optionalQuery = <S extends z.ZodType>(schema: S) => z.preprocess(blankToUndefined, schema.optional());

export const listCustomersQuery = z.object({
  q: optionalQuery(z.string().max(200, vk("tooLong"))),
  status: optionalQuery(z.enum(CUSTOMER_STATUSES, vk("invalid"))),
  type: optionalQuery(z.enum(CUSTOMER_TYPES, vk("invalid"))),
  tag: optionalQuery(z.uuid(vk("invalid"))),
  balance: optionalQuery(z.enum(BALANCE_FILTERS, vk("invalid"))),
  segment: optionalQuery(z.enum(SEGMENT_FILTERS, vk("invalid"))),
  balanceMin: optionalQuery(z.coerce.number(vk("invalid"))),
  balanceMax: optionalQuery(z.coerce.number(vk("invalid"))),
  createdFrom: optionalQuery(isoDate),
  createdTo: optionalQuery(isoDate),
  deleted: optionalQuery(z.enum(["true", "false"]).transform((v) => v === "true")),
  sort: optionalQuery(z.enum(CUSTOMER_SORTS, vk("invalid"))),
  order: optionalQuery(z.enum(["asc", "desc"], vk("invalid"))),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100_000).default(1)),
  limit: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100).default(25)),
});
export type ListCustomersQuery = z.output<typeof listCustomersQuery>;

export const customerIdParams = z.object({ id: z.uuid(vk("invalid")) });

export const ledgerEntrySchema = z.object({
  entryType: z.enum(LEDGER_ENTRY_TYPES, vk("invalid")),
  amount: z.coerce
    .number(vk("custAmountInvalid"))
    .refine((n) => Number.isFinite(n) && n !== 0, vk("custAmountInvalid"))
    .refine((n) => Math.abs(n) <= MAX_LEDGER_AMOUNT, vk("custAmountInvalid"))
    .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, vk("custAmountInvalid")),
  description: z.string(vk("required")).trim().min(1, vk("required")).max(500, vk("tooLong")),
  reference: optionalText(100),
}).refine((e) => e.entryType === "carry_over" || e.amount > 0, { message: vk("custAmountInvalid"), path: ["amount"] });
export type LedgerEntryInput = z.input<typeof ledgerEntrySchema>;

export const noteSchema = z.object({
  noteType: z.enum(NOTE_TYPES, vk("invalid")).default("general"),
  body: z.string(vk("required")).trim().min(1, vk("required")).max(5000, vk("tooLong")),
  isInternal: z.boolean().default(false),
});
export type NoteInput = z.input<typeof noteSchema>;

export const deleteCustomerSchema = z.object({
  reason: z.string(vk("custReasonRequired")).trim().min(1, vk("custReasonRequired")).max(500, vk("tooLong")),
  expectedUpdatedAt: z.preprocess(blankToUndefined, z.string().max(64).optional()),
});

export const tagSchema = z.object({
  name: z.string(vk("required")).trim().min(1, vk("required")).max(50, vk("tooLong")),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, vk("invalid")).default("#64748b"),
});

export const bulkTagSchema = z.object({
  customerIds: z.array(z.uuid()).min(1).max(500),
  tagId: z.uuid(vk("invalid")),
  mode: z.enum(["add", "remove"]),
});

export const bulkStatusSchema = z.object({
  customerIds: z.array(z.uuid()).min(1).max(500),
  status: z.enum(CUSTOMER_STATUSES, vk("invalid")),
});

export const activitySchema = z.object({
  kind: z.enum(MANUAL_ACTIVITY_KINDS, vk("invalid")),
  title: z.string(vk("required")).trim().min(1, vk("required")).max(200, vk("tooLong")),
  body: optionalText(5000),
});
export type ActivityInput = z.input<typeof activitySchema>;

export const contactSchema = z
  .object({
    name: z.string(vk("required")).trim().min(1, vk("required")).max(200, vk("tooLong")),
    relation: optionalText(100),
    whatsapp: whatsappInput,
    phone: phoneInput,
    email: emailInput,
  })
  .refine(hasContact, { message: vk("custContactRequired"), path: ["whatsapp"] });
export type ContactInput = z.input<typeof contactSchema>;

/** Edit a note: its fields plus the `updated_at` the editor loaded (a stale one answers 409). */
export const updateNoteSchema = noteSchema.extend({
  id: z.uuid(vk("invalid")),
  expectedUpdatedAt: z.string(vk("required")).min(1, vk("required")).max(64),
});
export type UpdateNoteInput = z.input<typeof updateNoteSchema>;

/** Put a tag on one customer: an existing tag by id, or a new one by name + colour. */
export const addCustomerTagSchema = z.union([
  z.object({ customerId: z.uuid(vk("invalid")), tagId: z.uuid(vk("invalid")) }),
  tagSchema.extend({ customerId: z.uuid(vk("invalid")) }),
]);
export type AddCustomerTagInput = z.input<typeof addCustomerTagSchema>;

export const removeCustomerTagSchema = z.object({ customerId: z.uuid(vk("invalid")), tagId: z.uuid(vk("invalid")) });

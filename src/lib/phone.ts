/**
 * WhatsApp / phone numbers. Stored as E.164 (`+6281234567890`), accepted the way people
 * type them (`0812-3456-7890`, `812 3456 7890`, `62812...`, `+62 812...`, with spaces, dots,
 * dashes, brackets), shown as `+62 812-3456-7890`. Validation is libphonenumber's (the "max"
 * metadata, which can tell a mobile number from a landline); Indonesia is the default region.
 */
import { parsePhoneNumberFromString, type PhoneNumber } from "libphonenumber-js/max";
import { z } from "zod";

export type NormalizeResult = { ok: true; e164: string } | { ok: false; reason: "invalid" | "not_mobile" };

const DEFAULT_REGION = "ID";

/** Strips the punctuation people type and fixes the two common ways of writing the prefix wrongly. */
function clean(input: string): string {
  let s = input.trim().replace(/[\s.\-()/\u00a0]/g, "");
  // "0062 812..." dials out with the international prefix; libphonenumber does not read it for ID.
  if (s.startsWith("00")) s = "+" + s.slice(2);
  // "+62 0812..." keeps the national trunk 0 after the country code.
  if (s.startsWith("+620")) s = "+62" + s.slice(4);
  return s;
}

function parse(input: string): PhoneNumber | undefined {
  const cleaned = clean(input);
  if (!/^\+?\d{4,17}$/.test(cleaned)) return undefined;
  return parsePhoneNumberFromString(cleaned, DEFAULT_REGION);
}

/** Some countries (US, CA) cannot tell mobile from fixed by the number; WhatsApp works on both. */
function isMobile(phone: PhoneNumber): boolean {
  const type = phone.getType();
  return type === "MOBILE" || type === "FIXED_LINE_OR_MOBILE";
}

/** Normalises a WhatsApp number: it must be a valid number and a mobile one. */
export function normalizeWhatsApp(input: string): NormalizeResult {
  const phone = parse(input);
  if (!phone || !phone.isValid()) return { ok: false, reason: "invalid" };
  if (!isMobile(phone)) return { ok: false, reason: "not_mobile" };
  return { ok: true, e164: phone.number };
}

/** Normalises any phone number (landlines allowed), e.g. a customer's office phone. */
export function normalizePhone(input: string): { ok: true; e164: string } | { ok: false; reason: "invalid" } {
  const phone = parse(input);
  if (!phone || !phone.isValid()) return { ok: false, reason: "invalid" };
  return { ok: true, e164: phone.number };
}

/**
 * `+6281234567890` -> `+62 812-3456-7890`: the country code, a space, then libphonenumber's
 * groups joined with dashes. Input that does not parse is returned unchanged so a bad legacy
 * value is still visible rather than blank.
 */
export function formatPhone(e164: string): string {
  const phone = parsePhoneNumberFromString(e164, DEFAULT_REGION);
  if (!phone) return e164;
  const [cc, ...groups] = phone.formatInternational().split(" ");
  return groups.length === 0 ? phone.number : `${cc} ${groups.join("-")}`;
}

/** A `https://wa.me/…` link for an E.164 number (wa.me wants digits only). */
export function whatsAppLink(e164: string, text?: string): string {
  const digits = e164.replace(/\D/g, "");
  return text ? `https://wa.me/${digits}?text=${encodeURIComponent(text)}` : `https://wa.me/${digits}`;
}

export const PHONE_MESSAGES = {
  required: { id: "Nomor WhatsApp wajib diisi.", en: "WhatsApp number is required." },
  invalid: {
    id: "Nomor WhatsApp tidak valid. Contoh: 0812-3456-7890.",
    en: "Invalid WhatsApp number. Example: 0812-3456-7890.",
  },
  not_mobile: {
    id: "Nomor WhatsApp harus nomor HP, bukan telepon rumah/kantor.",
    en: "A WhatsApp number must be a mobile number, not a landline.",
  },
  phoneInvalid: { id: "Nomor telepon tidak valid.", en: "Invalid phone number." },
} as const;

type PhoneMessageKey = keyof typeof PHONE_MESSAGES;

function phoneField(normalize: (value: string) => { ok: true; e164: string } | { ok: false; reason: string }, invalidKey: (reason: string) => PhoneMessageKey) {
  return z.string({ error: PHONE_MESSAGES.required.id }).transform((raw, ctx) => {
    const value = raw.trim();
    const result = value === "" ? ({ ok: false, reason: "required" } as const) : normalize(value);
    if (result.ok) return result.e164;
    const text = PHONE_MESSAGES[result.reason === "required" ? "required" : invalidKey(result.reason)];
    ctx.issues.push({ code: "custom", message: text.id, params: { i18n: text, reason: result.reason }, input: raw });
    return z.NEVER;
  });
}

/**
 * zod field: accepts what people type, outputs E.164. Messages are Indonesian; the
 * `params.i18n` pair lets the API layer answer in English when the user's locale is "en".
 */
export const whatsappSchema = phoneField(normalizeWhatsApp, (reason) => (reason === "not_mobile" ? "not_mobile" : "invalid"));

/** Any phone number (landline allowed), same input rules, E.164 output. */
export const phoneSchema = phoneField(normalizePhone, () => "phoneInvalid");

/** Optional variant for forms: "", whitespace or absent -> undefined, otherwise as `schema`. */
export function optionalPhoneField<S extends typeof whatsappSchema | typeof phoneSchema>(schema: S) {
  return z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());
}

export const optionalWhatsappSchema = optionalPhoneField(whatsappSchema);

/**
 * Row errors -> text in the user's language: a key of imports.rowErrors, else of the
 * validation namespace (the form schemas' messages).
 */
import type { Catalog } from "@/i18n/catalog";
import type { RowError } from "./validate";

export function rowErrorText(messages: Catalog, error: RowError): string {
  const own = messages.imports.rowErrors as Record<string, string>;
  const shared = messages.validation as Record<string, string>;
  return own[error.key] ?? shared[error.key] ?? messages.validation.invalid;
}

/** "Nama: Nama pelanggan wajib diisi. · WhatsApp: …" for one row. */
export function rowErrorsText(messages: Catalog, errors: readonly RowError[]): string {
  const fields = messages.imports.fields as Record<string, string>;
  return errors.map((e) => `${fields[e.field] ?? e.field}: ${rowErrorText(messages, e)}`).join(" · ");
}

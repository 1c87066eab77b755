import "server-only";
import { enMessages, idMessages, type Catalog } from "./catalog";
import type { LocalizedText } from "@/lib/api/errors";

/**
 * One message in both languages, for AppError (the library picks the user's language when
 * it builds the envelope). The selector keeps the key type-checked:
 *   localized((m) => m.auth.errors.invalidCredentials)
 */
export function localized(select: (messages: Catalog) => string): LocalizedText {
  return { id: select(idMessages), en: select(enMessages) };
}

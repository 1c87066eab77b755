import "server-only";
import en from "../../messages/en.json";
import id from "../../messages/id.json";
import type { LocalizedText } from "@/lib/api/errors";

type Catalog = typeof id;

/**
 * One message in both languages, for AppError (the library picks the user's language when
 * it builds the envelope). The selector keeps the key type-checked:
 *   localized((m) => m.auth.errors.invalidCredentials)
 */
export function localized(select: (messages: Catalog) => string): LocalizedText {
  return { id: select(id), en: select(en) };
}

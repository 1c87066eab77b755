import type { Catalog } from "./catalog";

/**
 * Zod schemas are shared by the browser form and the server action, so their messages
 * cannot be translated when the schema is built. They carry a key from the `validation`
 * namespace instead, and whoever shows the error translates it in the user's language.
 */
export type ValidationKey = keyof Catalog["validation"];

/** Type-checks a validation key where a zod schema expects a message string. */
export function vk(key: ValidationKey): ValidationKey {
  return key;
}

export function isValidationKey(
  catalog: Record<ValidationKey, string>,
  message: string,
): message is ValidationKey {
  return Object.hasOwn(catalog, message);
}

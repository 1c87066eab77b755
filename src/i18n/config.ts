/**
 * Locales without URL prefixes: the language lives in the NEXT_LOCALE cookie so links,
 * shared URLs and the PWA start_url stay the same in both languages.
 */
export const locales = ["id", "en"] as const;
export type AppLocale = (typeof locales)[number];

export const defaultLocale: AppLocale = "id";

/** next-intl's conventional cookie name, so its tooling recognises it. */
export const LOCALE_COOKIE = "NEXT_LOCALE";

/** Everything the product shows is in WIB (DOMAIN.md). */
export const timeZone = "Asia/Jakarta";

export function isLocale(value: unknown): value is AppLocale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

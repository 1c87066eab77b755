import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { enMessages, idMessages, type Catalog } from "./catalog";
import { defaultLocale, isLocale, LOCALE_COOKIE, timeZone, type AppLocale } from "./config";

const catalogs: Record<AppLocale, Catalog> = { id: idMessages, en: enMessages };

export default getRequestConfig(async () => {
  const store = await cookies();
  const requested = store.get(LOCALE_COOKIE)?.value;
  const locale: AppLocale = isLocale(requested) ? requested : defaultLocale;
  return { locale, timeZone, messages: catalogs[locale] };
});

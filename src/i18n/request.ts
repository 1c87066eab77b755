import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import en from "../../messages/en.json";
import id from "../../messages/id.json";
import { defaultLocale, isLocale, LOCALE_COOKIE, timeZone, type AppLocale } from "./config";

// Indonesian is the source of truth; English must provide every key (checked by tsc).
const catalogs: Record<AppLocale, typeof id> = { id, en };

export default getRequestConfig(async () => {
  const store = await cookies();
  const requested = store.get(LOCALE_COOKIE)?.value;
  const locale: AppLocale = isLocale(requested) ? requested : defaultLocale;
  return { locale, timeZone, messages: catalogs[locale] };
});

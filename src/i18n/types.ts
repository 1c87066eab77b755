import type { Catalog } from "./catalog";
import type { AppLocale } from "./config";

// Makes every `t("...")` key and the locale type-checked against messages/id.json.
declare module "next-intl" {
  interface AppConfig {
    Locale: AppLocale;
    Messages: Catalog;
  }
}

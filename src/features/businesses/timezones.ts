import type { BUSINESS_TIMEZONES } from "./schema";

/** Message keys (settings.business.*) naming each zone the way Indonesians say it. */
export const TIMEZONE_LABEL_KEY: Record<(typeof BUSINESS_TIMEZONES)[number], "tzWIB" | "tzWITA" | "tzWIT"> = {
  "Asia/Jakarta": "tzWIB",
  "Asia/Makassar": "tzWITA",
  "Asia/Jayapura": "tzWIT",
};

import { getTranslations } from "next-intl/server";
import { formatPhone } from "@/lib/phone";
import type { BusinessProfile } from "../queries";
import { BUSINESS_TIMEZONES } from "../schema";
import { TIMEZONE_LABEL_KEY } from "../timezones";

/** Read-only business profile for staff and viewers. */
export async function BusinessProfileView({ business }: { business: BusinessProfile }) {
  const t = await getTranslations("settings.business");
  const tz = BUSINESS_TIMEZONES.find((zone) => zone === business.timezone);
  const rows: Array<[string, string]> = [
    [t("name"), business.name],
    [t("whatsapp"), formatPhone(business.whatsapp)],
    [t("city"), business.city ?? t("notSet")],
    [t("timezone"), tz ? t(TIMEZONE_LABEL_KEY[tz]) : business.timezone],
  ];
  return (
    <dl className="grid max-w-xl gap-4" data-testid="business-profile-view">
      {rows.map(([label, value]) => (
        <div key={label} className="grid gap-1">
          <dt className="text-sm text-muted-foreground">{label}</dt>
          <dd className="font-medium">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

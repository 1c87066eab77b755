import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/page-header";
import { RfmTabs } from "@/components/rfm/rfm-tabs";
import { RfmSettingsForm } from "@/components/rfm/settings-form";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { NoBusiness } from "@/features/businesses/components/no-business";
import { getActiveBusiness, getSupabase, requireUser, roleAtLeast } from "@/lib/auth/session";
import { getRfmSettings } from "@/lib/rfm/queries";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("rfm");
  return { title: `${t("settings.title")} · ${t("title")}` };
}

/** Window, scoring mode, fixed-bin edges and history retention; admins and owners edit. */
export default async function RfmSettingsPage() {
  await requireUser();
  const [business, supabase, t] = await Promise.all([getActiveBusiness(), getSupabase(), getTranslations("rfm")]);
  if (!business) return <NoBusiness />;
  const settings = await getRfmSettings(supabase, { businessId: business.id });
  const canEdit = roleAtLeast(business.role, "admin");
  return (
    <>
      <PageHeader title={t("title")} description={t("settings.description")} />
      <RfmTabs active="settings" />
      {!canEdit && (
        <Alert className="mb-4 max-w-2xl" data-testid="rfm-settings-readonly">
          <AlertDescription>{t("settings.readOnly")}</AlertDescription>
        </Alert>
      )}
      <RfmSettingsForm settings={settings} canEdit={canEdit} />
    </>
  );
}

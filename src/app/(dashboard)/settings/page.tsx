import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { BusinessProfileForm } from "@/features/businesses/components/business-profile-form";
import { BusinessProfileView } from "@/features/businesses/components/business-profile-view";
import { NoBusiness } from "@/features/businesses/components/no-business";
import { getBusinessProfile } from "@/features/businesses/queries";
import { getActiveBusiness, getSupabase, roleAtLeast } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.business");
  return { title: t("title") };
}

export default async function BusinessSettingsPage() {
  const [t, tRoles, active] = await Promise.all([getTranslations("settings.business"), getTranslations("roles"), getActiveBusiness()]);
  if (!active) return <NoBusiness />;
  const business = await getBusinessProfile(await getSupabase(), active.id);
  if (!business) notFound();
  // UI hint only: the update is authorised by defineAction's role check and by RLS.
  const canEdit = roleAtLeast(active.role, "admin");

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        <CardDescription>{canEdit ? t("description") : t("readOnly")}</CardDescription>
        <Badge variant="outline" className="mt-1" data-testid="current-role">
          {t("yourRole", { role: tRoles(active.role) })}
        </Badge>
      </CardHeader>
      <CardContent>
        {canEdit ? <BusinessProfileForm business={business} /> : <BusinessProfileView business={business} />}
      </CardContent>
    </Card>
  );
}

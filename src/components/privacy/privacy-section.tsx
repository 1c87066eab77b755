import { ShieldIcon } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { getActiveBusiness, getSupabase, roleAtLeast } from "@/lib/auth/session";
import { formatDate } from "@/lib/format";
import { PrivacyActions } from "./privacy-actions";

/**
 * "Privasi" on the customer page, for owners and admins only (the SQL functions check the
 * same roles): download everything as JSON, anonymise, and (owner) delete permanently.
 */
export async function PrivacySection({ customerId, name }: { customerId: string; name: string }) {
  const active = await getActiveBusiness();
  if (!active || !roleAtLeast(active.role, "admin")) return null;
  const [t, supabase] = await Promise.all([getTranslations("privacy"), getSupabase()]);
  const { data } = await supabase.from("customers").select("anonymised_at").eq("business_id", active.id).eq("id", customerId).maybeSingle();
  const anonymisedAt = data?.anonymised_at ?? null;
  return (
    <Card className="lg:col-span-3" data-testid="privacy-section">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <ShieldIcon className="size-4" /> {t("title")}
          {anonymisedAt && <Badge variant="secondary" data-testid="anonymised-badge">{t("anonymisedBadge")}</Badge>}
        </CardTitle>
        <CardDescription>{anonymisedAt ? t("anonymisedInfo", { date: formatDate(anonymisedAt) }) : t("description")}</CardDescription>
      </CardHeader>
      <CardContent>
        <PrivacyActions customerId={customerId} name={name} anonymised={anonymisedAt !== null} isOwner={active.role === "owner"} />
      </CardContent>
    </Card>
  );
}

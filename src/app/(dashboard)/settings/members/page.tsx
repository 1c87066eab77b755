import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { NoBusiness } from "@/features/businesses/components/no-business";
import { InviteMemberForm } from "@/features/members/components/invite-member-form";
import { MembersTable } from "@/features/members/components/members-table";
import { PendingInvitations } from "@/features/members/components/pending-invitations";
import { canManageMembers, invitableRoles } from "@/features/members/permissions";
import { listMembers, listPendingInvitations } from "@/features/members/queries";
import { getActiveBusiness, getSupabase, requireUser } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.members");
  return { title: t("title") };
}

export default async function MembersPage() {
  const user = await requireUser();
  const [t, active, supabase] = await Promise.all([getTranslations("settings.members"), getActiveBusiness(), getSupabase()]);
  if (!active) return <NoBusiness />;
  const manage = canManageMembers(active.role);
  const [members, invitations] = await Promise.all([
    listMembers(supabase, active.id),
    manage ? listPendingInvitations(supabase, active.id) : Promise.resolve([]),
  ]);

  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle>{t("title")}</CardTitle>
          <CardDescription data-testid="members-description">{manage ? t("description") : t("readOnly")}</CardDescription>
        </CardHeader>
        <CardContent className="px-2 sm:px-5">
          <MembersTable members={members} me={user.id} myRole={active.role} business={active} />
        </CardContent>
      </Card>
      {manage && (
        <>
          <Card>
            <CardHeader>
              <CardTitle>{t("inviteTitle")}</CardTitle>
              <CardDescription>{t("inviteDescription")}</CardDescription>
            </CardHeader>
            <CardContent>
              <InviteMemberForm businessId={active.id} roles={invitableRoles(active.role)} />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>{t("pendingTitle")}</CardTitle>
            </CardHeader>
            <CardContent>
              <PendingInvitations businessId={active.id} invitations={invitations} />
            </CardContent>
          </Card>
        </>
      )}
    </div>
  );
}

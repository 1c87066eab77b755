"use client";

import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { useTransition } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { revokeInvitation } from "../actions";
import type { PendingInvitation } from "../queries";

/** Open invitations with their expiry; owners and admins can revoke them. */
export function PendingInvitations({ businessId, invitations }: { businessId: string; invitations: PendingInvitation[] }) {
  const t = useTranslations("settings.members");
  const tRoles = useTranslations("roles");
  const format = useFormatter();
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  if (invitations.length === 0) {
    return <p className="text-sm text-muted-foreground">{t("noPending")}</p>;
  }

  const revoke = (invitation: PendingInvitation) =>
    startTransition(async () => {
      const result = await revokeInvitation({ businessId, invitationId: invitation.id });
      if (!result.success) {
        toast.error(result.error.message);
        return;
      }
      toast.success(t("revoked", { email: invitation.email }));
      router.refresh();
    });

  return (
    <ul className="divide-y rounded-lg border" data-testid="pending-invitations">
      {invitations.map((invitation) => (
        <li key={invitation.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 p-3" data-testid="pending-invitation">
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-medium">{invitation.email}</p>
            <p className="text-xs text-muted-foreground">
              {t("expires", { date: format.dateTime(new Date(invitation.expiresAt), { dateStyle: "medium", timeStyle: "short" }) })}
            </p>
          </div>
          <Badge variant="secondary">{tRoles(invitation.role)}</Badge>
          <Button variant="ghost" size="sm" disabled={pending} onClick={() => revoke(invitation)} data-testid="invitation-revoke">
            {t("revoke")}
          </Button>
        </li>
      ))}
    </ul>
  );
}

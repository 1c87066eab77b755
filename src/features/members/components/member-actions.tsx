"use client";

import { MoreVerticalIcon, UserMinusIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import type { BusinessRole } from "@/lib/auth/memberships";
import { removeMember, updateMemberRole } from "../actions";
import { MEMBER_ROLES } from "../schema";

function isRole(value: string): value is BusinessRole {
  return (MEMBER_ROLES as readonly string[]).includes(value);
}

/** Per-member menu: change role, or remove after a confirmation. */
export function MemberActions({
  businessId,
  businessName,
  member,
  roles,
}: {
  businessId: string;
  businessName: string;
  member: { userId: string; fullName: string; role: BusinessRole };
  roles: readonly BusinessRole[];
}) {
  const t = useTranslations("settings.members");
  const tRoles = useTranslations("roles");
  const tc = useTranslations("common");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [confirmOpen, setConfirmOpen] = useState(false);

  const changeRole = (value: string) => {
    if (!isRole(value) || value === member.role) return;
    startTransition(async () => {
      const result = await updateMemberRole({ businessId, userId: member.userId, role: value });
      if (!result.success) {
        toast.error(result.error.message);
        return;
      }
      toast.success(t("roleUpdated", { name: member.fullName, role: tRoles(value) }));
      router.refresh();
    });
  };

  const remove = () =>
    startTransition(async () => {
      const result = await removeMember({ businessId, userId: member.userId });
      if (!result.success) {
        toast.error(result.error.message);
        return;
      }
      setConfirmOpen(false);
      toast.success(t("removed", { name: member.fullName }));
      router.refresh();
    });

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon" disabled={pending} aria-label={t("memberActions", { name: member.fullName })} data-testid="member-actions">
            <MoreVerticalIcon />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="w-56">
          <DropdownMenuLabel className="text-xs font-normal text-muted-foreground">{t("changeRole")}</DropdownMenuLabel>
          <DropdownMenuRadioGroup value={member.role} onValueChange={changeRole}>
            {roles.map((role) => (
              <DropdownMenuRadioItem key={role} value={role} data-testid={`member-role-${role}`}>
                {tRoles(role)}
              </DropdownMenuRadioItem>
            ))}
          </DropdownMenuRadioGroup>
          <DropdownMenuSeparator />
          <DropdownMenuItem variant="destructive" onSelect={() => setConfirmOpen(true)} data-testid="member-remove">
            <UserMinusIcon />
            {t("remove")}
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <Dialog open={confirmOpen} onOpenChange={setConfirmOpen}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>{t("removeTitle", { name: member.fullName })}</DialogTitle>
            <DialogDescription>{t("removeBody", { name: member.fullName, business: businessName })}</DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <Button variant="outline" onClick={() => setConfirmOpen(false)}>
              {tc("cancel")}
            </Button>
            <Button variant="destructive" disabled={pending} onClick={remove} data-testid="member-remove-confirm">
              {t("removeConfirm")}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  );
}

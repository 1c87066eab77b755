import type { BusinessRole } from "@/lib/auth/memberships";
import { roleAtLeast } from "@/lib/auth/memberships";
import { INVITABLE_ROLES, MEMBER_ROLES } from "./schema";

/**
 * What the member screens offer, mirroring private.business_members_guard(): owners manage
 * everyone, admins only staff and viewers, nobody edits themselves here. UI only; the
 * database enforces the same rules.
 */
export function canManageMembers(myRole: BusinessRole): boolean {
  return roleAtLeast(myRole, "admin");
}

export function canManageMember(myRole: BusinessRole, myUserId: string, member: { userId: string; role: BusinessRole }): boolean {
  if (!canManageMembers(myRole) || member.userId === myUserId) return false;
  return myRole === "owner" || !roleAtLeast(member.role, "admin");
}

export function assignableRoles(myRole: BusinessRole): readonly BusinessRole[] {
  return myRole === "owner" ? MEMBER_ROLES : MEMBER_ROLES.filter((r) => !roleAtLeast(r, "admin"));
}

export function invitableRoles(myRole: BusinessRole): ReadonlyArray<(typeof INVITABLE_ROLES)[number]> {
  return myRole === "owner" ? INVITABLE_ROLES : INVITABLE_ROLES.filter((r) => r !== "admin");
}

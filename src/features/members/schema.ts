import { z } from "zod";
import { vk } from "@/i18n/validation";

/** Invitations grant admin, staff or viewer; ownership is given by promoting a member. */
export const INVITABLE_ROLES = ["admin", "staff", "viewer"] as const;
export const MEMBER_ROLES = ["owner", "admin", "staff", "viewer"] as const;

export const inviteMemberSchema = z.object({
  businessId: z.uuid(),
  email: z
    .string()
    .trim()
    .min(1, vk("required"))
    .max(254, vk("tooLong"))
    .pipe(z.email(vk("emailInvalid")))
    .transform((v) => v.toLowerCase()),
  role: z.enum(INVITABLE_ROLES, vk("roleInvalid")),
});

export const updateMemberRoleSchema = z.object({
  businessId: z.uuid(),
  userId: z.uuid(),
  role: z.enum(MEMBER_ROLES, vk("roleInvalid")),
});

export const removeMemberSchema = z.object({ businessId: z.uuid(), userId: z.uuid() });

export const revokeInvitationSchema = z.object({ businessId: z.uuid(), invitationId: z.uuid() });

export type InviteMemberInput = z.input<typeof inviteMemberSchema>;

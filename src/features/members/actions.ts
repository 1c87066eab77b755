"use server";

import { getTranslations } from "next-intl/server";
import { defineAction } from "@/lib/actions/action";
import { AppError } from "@/lib/api/errors";
import { forgetMemberships } from "@/lib/auth/memberships";
import { getMemberships } from "@/lib/auth/session";
import { publicEnv } from "@/lib/env";
import { localized } from "@/i18n/server-text";
import { getProfile } from "@/features/auth/queries";
import { rpcError, type HintRule } from "@/features/businesses/rpc-error";
import { sendInviteEmail } from "./invite-email";
import { inviteMemberSchema, removeMemberSchema, revokeInvitationSchema, updateMemberRoleSchema } from "./schema";

const rule = (code: HintRule["code"], select: Parameters<typeof localized>[0]): HintRule => ({ code, message: localized(select) });

/** Machine keys raised by the tenancy RPCs and the membership guard trigger. */
const memberRules: Record<string, HintRule> = {
  forbidden: rule("FORBIDDEN", (m) => m.settings.members.errors.forbidden),
  role_hierarchy: rule("FORBIDDEN", (m) => m.settings.members.errors.roleHierarchy),
  last_owner: rule("CONFLICT", (m) => m.settings.members.errors.lastOwner),
  already_member: rule("CONFLICT", (m) => m.settings.members.errors.alreadyMember),
  member_not_found: rule("NOT_FOUND", (m) => m.settings.members.errors.memberNotFound),
  invitation_role_invalid: rule("VALIDATION_ERROR", (m) => m.validation.roleInvalid),
  email_invalid: rule("VALIDATION_ERROR", (m) => m.validation.emailInvalid),
  invitation_closed: rule("CONFLICT", (m) => m.settings.members.errors.invitationClosed),
};

/**
 * Creates the invitation (invite_member returns a one-time token; only its hash is stored)
 * and e-mails the link when e-mail is configured. The link is returned either way so the
 * inviter can share it over WhatsApp.
 */
export const inviteMember = defineAction(
  inviteMemberSchema,
  async (input, ctx) => {
    const { data, error } = await ctx.supabase.rpc("invite_member", {
      p_business_id: input.businessId,
      p_email: input.email,
      p_role: input.role,
    });
    if (error) throw rpcError(error, memberRules);
    const row = data[0];
    if (!row) throw new AppError("INTERNAL");
    const link = `${publicEnv.NEXT_PUBLIC_SITE_URL}/invite/${encodeURIComponent(row.token)}`;

    const [t, tRoles, profile, memberships] = await Promise.all([
      getTranslations({ locale: ctx.locale, namespace: "inviteEmail" }),
      getTranslations({ locale: ctx.locale, namespace: "roles" }),
      getProfile(ctx.supabase, ctx.user.id),
      getMemberships(),
    ]);
    const business = memberships.find((m) => m.id === input.businessId)?.name ?? "";
    const vars = { business, inviter: profile?.fullName ?? ctx.user.email ?? "", role: tRoles(input.role) };
    const emailStatus = await sendInviteEmail(
      {
        to: input.email,
        subject: t("subject", vars),
        heading: t("heading", vars),
        body: t("body", vars),
        button: t("button"),
        fallback: t("fallback"),
        link,
      },
      ctx.log,
    );
    return { invitationId: row.invitation_id, email: input.email, link, emailStatus };
  },
  { role: "admin" },
);

export const updateMemberRole = defineAction(
  updateMemberRoleSchema,
  async (input, ctx) => {
    const { error } = await ctx.supabase.rpc("update_member_role", {
      p_business_id: input.businessId,
      p_user_id: input.userId,
      p_role: input.role,
    });
    if (error) throw rpcError(error, memberRules);
    forgetMemberships(input.userId);
    return { userId: input.userId, role: input.role };
  },
  { role: "admin" },
);

export const removeMember = defineAction(
  removeMemberSchema,
  async (input, ctx) => {
    const { error } = await ctx.supabase.rpc("remove_member", { p_business_id: input.businessId, p_user_id: input.userId });
    if (error) throw rpcError(error, memberRules);
    forgetMemberships(input.userId);
    return { userId: input.userId };
  },
  { role: "admin" },
);

/** Revoking stamps revoked_at (the database sets the time); the link stops working. */
export const revokeInvitation = defineAction(
  revokeInvitationSchema,
  async (input, ctx) => {
    const { data, error } = await ctx.supabase
      .from("business_invitations")
      .update({ revoked_at: new Date().toISOString() })
      .eq("id", input.invitationId)
      .eq("business_id", input.businessId)
      .select("id")
      .maybeSingle();
    if (error) throw rpcError(error, memberRules);
    if (!data) throw new AppError("NOT_FOUND");
    return { invitationId: data.id };
  },
  { role: "admin" },
);

"use server";

/**
 * Sign-in, sign-up, password recovery and invitations. Each is one call to Supabase Auth
 * (or one RPC); the database trigger on auth.users creates profile + business + owner
 * membership in the same transaction, so a failed sign-up leaves nothing half-created.
 */
import { cookies, headers } from "next/headers";
import { z } from "zod";
import { AppError, translate } from "@/lib/api/errors";
import { forgetMemberships } from "@/lib/auth/memberships";
import { ACTIVE_BUSINESS_COOKIE } from "@/lib/auth/session";
import { publicEnv, serverEnv } from "@/lib/env";
import { assertAllowed, clientIp, limitAuthAttempt, type AuthAttemptKind } from "@/lib/rate-limit";
import { defineAction } from "@/lib/actions/action";
import { localized } from "@/i18n/server-text";
import { rpcError } from "@/features/businesses/rpc-error";
import { setActiveBusinessCookie } from "@/features/businesses/cookie";
import { authError, authText } from "./errors";
import { getInvitation } from "./queries";
import { AFTER_SIGN_IN, safeNextPath } from "./redirect";
import {
  acceptInvitationSchema,
  forgotPasswordSchema,
  inviteSignUpSchema,
  resetPasswordSchema,
  signInSchema,
  signUpSchema,
} from "./schema";

async function limit(kind: AuthAttemptKind, email: string): Promise<void> {
  assertAllowed(await limitAuthAttempt(kind, clientIp(await headers()), email));
}

export const signIn = defineAction(
  signInSchema,
  async (input, ctx) => {
    await limit("sign_in", input.email);
    const { error } = await ctx.supabase.auth.signInWithPassword({ email: input.email, password: input.password });
    if (error) throw authError(error, ctx.locale);
    return { redirectTo: safeNextPath(input.next) };
  },
  { auth: "public" },
);

export const signUp = defineAction(
  signUpSchema,
  async (input, ctx) => {
    await limit("sign_up", input.email);
    const { data, error } = await ctx.supabase.auth.signUp({
      email: input.email,
      password: input.password,
      options: {
        // Read by the registration trigger (private.handle_new_auth_user).
        data: { full_name: input.fullName, business_name: input.businessName, whatsapp: input.whatsapp, locale: ctx.locale },
        emailRedirectTo: `${publicEnv.NEXT_PUBLIC_SITE_URL}/auth/confirm?next=${AFTER_SIGN_IN}`,
      },
    });
    if (error) throw authError(error, ctx.locale);
    // With e-mail confirmation on, Supabase answers an existing address with a user that has
    // no identities instead of an error.
    if (data.user && data.user.identities?.length === 0) throw authError({ code: "user_already_exists" }, ctx.locale);
    return { redirectTo: data.session ? AFTER_SIGN_IN : null, confirmEmail: !data.session };
  },
  { auth: "public" },
);

const invitationClosed = localized((m) => m.auth.invite.invalid);

export const signUpWithInvitation = defineAction(
  inviteSignUpSchema,
  async (input, ctx) => {
    await limit("sign_up", input.email);
    // Checked first: a bad token would otherwise fail inside the auth trigger, which Auth
    // reports only as a generic database error.
    const invitation = await getInvitation(ctx.supabase, input.token);
    if (!invitation || invitation.status !== "pending") throw new AppError("NOT_FOUND", { message: invitationClosed });
    if (invitation.email.toLowerCase() !== input.email) {
      const message = localized((m) => m.auth.invite.invitedEmail);
      const vars = { email: invitation.email };
      throw new AppError("VALIDATION_ERROR", { message, vars, details: { email: translate(message, ctx.locale, vars) } });
    }
    const { data, error } = await ctx.supabase.auth.signUp({
      email: input.email,
      password: input.password,
      options: { data: { full_name: input.fullName, whatsapp: input.whatsapp, invitation_token: input.token, locale: ctx.locale } },
    });
    if (error) throw authError(error, ctx.locale);
    if (data.user && data.user.identities?.length === 0) throw authError({ code: "user_already_exists" }, ctx.locale);
    return { redirectTo: data.session ? AFTER_SIGN_IN : null, confirmEmail: !data.session, businessName: invitation.businessName };
  },
  { auth: "public" },
);

export const requestPasswordReset = defineAction(
  forgotPasswordSchema,
  async (input, ctx) => {
    await limit("recover", input.email);
    const { error } = await ctx.supabase.auth.resetPasswordForEmail(input.email, {
      redirectTo: `${publicEnv.NEXT_PUBLIC_SITE_URL}/auth/confirm?next=/reset-password`,
    });
    // Unknown addresses are not an error in Supabase, so the answer never reveals whether an
    // account exists. Only throttling and outages are reported.
    if (error && (error.status === 429 || !error.status || error.status >= 500)) throw authError(error, ctx.locale);
    if (error) ctx.log.warn("password recovery request refused", { code: error.code, status: error.status });
    return { devOutbox: serverEnv().SMA_LOCAL_STACK };
  },
  { auth: "public" },
);

export const resetPassword = defineAction(
  resetPasswordSchema,
  async (input, ctx) => {
    // The recovery link signed the user in (see /auth/confirm); without that session the
    // link was already used or has expired.
    if (!ctx.user) throw new AppError("UNAUTHENTICATED", { message: authText.sessionMissing });
    const { error } = await ctx.supabase.auth.updateUser({ password: input.password });
    if (error) throw authError(error, ctx.locale);
    return { redirectTo: AFTER_SIGN_IN };
  },
  { auth: "public" },
);

const inviteRules = {
  invitation_not_found: { code: "NOT_FOUND", message: invitationClosed },
  invitation_accepted: { code: "CONFLICT", message: invitationClosed },
  invitation_revoked: { code: "CONFLICT", message: invitationClosed },
  invitation_expired: { code: "CONFLICT", message: invitationClosed },
  invitation_email_mismatch: { code: "FORBIDDEN", message: localized((m) => m.auth.invite.wrongAccountShort) },
  already_member: { code: "CONFLICT", message: localized((m) => m.auth.invite.alreadyMember) },
} as const;

export const acceptInvitation = defineAction(acceptInvitationSchema, async (input, ctx) => {
  const { data, error } = await ctx.supabase.rpc("accept_invitation", { p_token: input.token });
  if (error) throw rpcError(error, inviteRules);
  forgetMemberships(ctx.user.id);
  // Open the business just joined: that is why the person clicked the link.
  await setActiveBusinessCookie(data);
  return { businessId: data };
});

export const signOut = defineAction(
  z.undefined(),
  async (_input, ctx) => {
    const { error } = await ctx.supabase.auth.signOut();
    if (error) ctx.log.warn("sign out failed", { code: error.code, status: error.status });
    // A shared phone should not reopen the previous person's business.
    (await cookies()).delete(ACTIVE_BUSINESS_COOKIE);
    return { redirectTo: "/login" };
  },
  { auth: "public" },
);

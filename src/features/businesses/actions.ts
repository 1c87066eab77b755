"use server";

import { forgetMemberships } from "@/lib/auth/memberships";
import { setActiveBusiness } from "@/lib/auth/session";
import { defineAction } from "@/lib/actions/action";
import { AppError } from "@/lib/api/errors";
import { localized } from "@/i18n/server-text";
import { setActiveBusinessCookie } from "./cookie";
import { rpcError } from "./rpc-error";
import { createBusinessSchema, switchBusinessSchema, updateBusinessSchema } from "./schema";

const invalidWhatsapp = { code: "VALIDATION_ERROR", message: localized((m) => m.validation.whatsappInvalid) } as const;
const businessRules = {
  whatsapp_invalid: invalidWhatsapp,
  whatsapp_required: invalidWhatsapp,
  name_required: { code: "VALIDATION_ERROR", message: localized((m) => m.validation.businessNameRequired) },
} as const;

/** Makes one of the user's own businesses the active one (cookie checked against memberships). */
export const switchBusiness = defineAction(switchBusinessSchema, async (input) => {
  const business = await setActiveBusiness(input.businessId);
  return { id: business.id, name: business.name };
});

/** create_business() makes the business and the caller's owner membership in one transaction. */
export const createBusiness = defineAction(createBusinessSchema, async (input, ctx) => {
  const { data, error } = await ctx.supabase.rpc("create_business", { p_name: input.name, p_whatsapp: input.whatsapp });
  if (error) throw rpcError(error, businessRules);
  forgetMemberships(ctx.user.id);
  await setActiveBusinessCookie(data.id);
  return { id: data.id, name: data.name };
});

/** Owners and admins edit the business profile; RLS (businesses_update) enforces the same. */
export const updateBusinessProfile = defineAction(
  updateBusinessSchema,
  async (input, ctx) => {
    const { data, error } = await ctx.supabase
      .from("businesses")
      .update({ name: input.name, whatsapp: input.whatsapp, city: input.city === "" ? null : input.city, timezone: input.timezone })
      .eq("id", input.businessId)
      .select("id, name")
      .maybeSingle();
    if (error) throw rpcError(error, businessRules);
    if (!data) throw new AppError("NOT_FOUND");
    return data;
  },
  { role: "admin" },
);

"use server";
/**
 * Server actions behind the "Privasi" section of the customer page. The SQL functions do the
 * work and re-check the role; defineAction checks it first for a quick, clear answer.
 */
import { defineAction } from "@/lib/actions/action";
import { anonymiseCustomer, hardDeleteCustomer } from "./mutations";
import { hardDeleteSchema, privacyTargetSchema } from "./schema";

export const anonymiseCustomerAction = defineAction(
  privacyTargetSchema,
  async (input, ctx) => anonymiseCustomer(ctx.supabase, { businessId: ctx.businessId ?? "", customerId: input.customerId }, ctx.log),
  { role: "admin" },
);

export const hardDeleteCustomerAction = defineAction(
  hardDeleteSchema,
  async (input, ctx) =>
    hardDeleteCustomer(ctx.supabase, { businessId: ctx.businessId ?? "", customerId: input.customerId, confirmName: input.confirmName }, ctx.log),
  { role: "owner" },
);

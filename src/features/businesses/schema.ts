import { z } from "zod";
import { businessNameField, whatsappField } from "@/features/auth/schema";
import { vk } from "@/i18n/validation";

export const createBusinessSchema = z.object({
  name: businessNameField,
  whatsapp: whatsappField,
});

export const switchBusinessSchema = z.object({ businessId: z.uuid() });

/** The three Indonesian time zones the database accepts (businesses_timezone_check). */
export const BUSINESS_TIMEZONES = ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"] as const;

export const updateBusinessSchema = z.object({
  businessId: z.uuid(),
  name: businessNameField,
  whatsapp: whatsappField,
  // Empty means "no city" (stored as null: the column refuses an empty string).
  city: z.string().trim().max(120, vk("tooLong")),
  timezone: z.enum(BUSINESS_TIMEZONES, vk("invalid")),
});

export type CreateBusinessInput = z.input<typeof createBusinessSchema>;
export type UpdateBusinessInput = z.input<typeof updateBusinessSchema>;

import { z } from "zod";
import { vk } from "@/i18n/validation";

export const privacyTargetSchema = z.object({ customerId: z.uuid(vk("invalid")) });

/** The name typed to confirm a hard delete; compared with the stored name in SQL (after trim). */
export const hardDeleteSchema = z.object({
  customerId: z.uuid(vk("invalid")),
  confirmName: z.string(vk("required")).trim().min(1, vk("required")).max(200, vk("tooLong")),
});

export const hardDeleteBody = hardDeleteSchema.omit({ customerId: true });

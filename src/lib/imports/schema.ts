/** zod schemas of the /api/imports requests (the upload form's fields, mapping, start). */
import { z } from "zod";
import { vk } from "@/i18n/validation";
import { DUPLICATE_STRATEGIES, IMPORT_KINDS } from "./limits";

export const importIdParams = z.object({ id: z.uuid(vk("invalid")) });

export const uploadFieldsSchema = z.object({
  kind: z.enum(IMPORT_KINDS, vk("invalid")),
});

const mappingInput = z.record(z.string().max(40), z.number().int().min(0).max(1000));

export const previewSchema = z.object({ mapping: mappingInput });

export const startImportSchema = z.object({
  mapping: mappingInput,
  duplicateStrategy: z.enum(DUPLICATE_STRATEGIES, vk("invalid")).default("skip"),
});
export type StartImportInput = z.input<typeof startImportSchema>;

/**
 * A react-hook-form resolver over the engine's settings schema that shows each issue in the
 * UI's language: the schema's issues carry `params.i18n` ({ id, en }, the same texts the
 * server answers with); the plain `message` is the Indonesian fallback.
 */
import type { FieldErrors, Resolver } from "react-hook-form";
import { rfmSettingsSchema, type RfmSettingsInput } from "@/lib/rfm/settings";
import type { z } from "zod";

export type SettingsOutput = z.output<typeof rfmSettingsSchema>;

function localized(issue: z.core.$ZodIssue, locale: "id" | "en"): string {
  const i18n: unknown = "params" in issue ? issue.params?.i18n : undefined;
  if (typeof i18n === "object" && i18n !== null && locale in i18n) {
    const text = (i18n as Record<string, unknown>)[locale];
    if (typeof text === "string") return text;
  }
  return issue.message;
}

export function settingsResolver(locale: "id" | "en"): Resolver<RfmSettingsInput, unknown, SettingsOutput> {
  return async (values) => {
    const parsed = rfmSettingsSchema.safeParse(values);
    if (parsed.success) return { values: parsed.data, errors: {} };
    const errors: Record<string, { type: string; message: string }> = {};
    for (const issue of parsed.error.issues) {
      // Every rule of the schema reports on a top-level field (an edge list as a whole).
      const name = String(issue.path[0] ?? "root");
      errors[name] ??= { type: issue.code, message: localized(issue, locale) };
    }
    return { values: {}, errors: errors as FieldErrors<RfmSettingsInput> };
  };
}

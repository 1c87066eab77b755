/**
 * zod validation in the user's language. zod's own Indonesian and English locales phrase
 * the generic messages; schema authors who need a specific wording in both languages attach
 * `params: { i18n: { id, en } }` to a custom issue (see phone.ts) and it is picked here.
 */
import { z } from "zod";
import en from "zod/v4/locales/en.js";
import id from "zod/v4/locales/id.js";
import { AppError, type FieldErrors, type LocalizedText, type Locale } from "./errors";

const localeMaps = { id: id().localeError, en: en().localeError } as const;

/** The error map for one parse call; custom messages set on a schema still win over it. */
export function zodErrorMap(locale: Locale): z.core.$ZodErrorMap {
  return localeMaps[locale];
}

function isLocalizedText(v: unknown): v is LocalizedText {
  return typeof v === "object" && v !== null && typeof (v as LocalizedText).id === "string" && typeof (v as LocalizedText).en === "string";
}

function issueMessage(issue: z.core.$ZodIssue, locale: Locale): string {
  if (issue.code === "custom") {
    const i18n: unknown = issue.params?.i18n;
    if (isLocalizedText(i18n)) return i18n[locale];
  }
  return issue.message;
}

/**
 * Per-field messages keyed by dotted path ("items.0.qty"); issues about the whole input go
 * under "_form". The first issue per field wins: forms show one message per field.
 */
export function zodErrorToDetails(error: z.ZodError, locale: Locale): FieldErrors {
  const details: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length === 0 ? "_form" : issue.path.map(String).join(".");
    if (!(key in details)) details[key] = issueMessage(issue, locale);
  }
  return details;
}

/** Parses `input`, throwing VALIDATION_ERROR with per-field details in `locale`. */
export async function validate<S extends z.ZodType>(schema: S, input: unknown, locale: Locale): Promise<z.output<S>> {
  // safeParseAsync so schemas with async refinements (e.g. "is this e-mail taken") work too.
  const result = await schema.safeParseAsync(input, { error: zodErrorMap(locale) });
  if (result.success) return result.data;
  throw new AppError("VALIDATION_ERROR", { details: zodErrorToDetails(result.error, locale), cause: result.error });
}

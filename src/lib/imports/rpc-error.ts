/** HINT keys raised by the import RPCs -> the error the user sees. */
import "server-only";
import { localized } from "@/i18n/server-text";
import { AppError, fromPostgrestError, type ErrorCode } from "@/lib/api/errors";

const CODES: Record<string, ErrorCode> = {
  import_not_found: "NOT_FOUND",
  import_already_started: "CONFLICT",
  import_wrong_status: "CONFLICT",
  import_incomplete: "CONFLICT",
  import_empty: "VALIDATION_ERROR",
  import_too_many_rows: "VALIDATION_ERROR",
  import_mapping_invalid: "VALIDATION_ERROR",
  import_strategy_invalid: "VALIDATION_ERROR",
};

type HintKey = keyof typeof CODES & string;

export function importRpcError(error: { code?: string; message?: string; hint?: string | null }): AppError {
  const hint = error.hint ?? "";
  const code = CODES[hint];
  if (code) {
    return new AppError(code, { message: localized((m) => (m.imports.errors as Record<HintKey, string>)[hint] ?? m.imports.errors.import_not_found), cause: error });
  }
  return fromPostgrestError(error) ?? new AppError("INTERNAL", { cause: error });
}

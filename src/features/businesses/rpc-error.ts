import "server-only";
import { AppError, fromPostgrestError, type ErrorCode, type LocalizedText } from "@/lib/api/errors";

export interface HintRule {
  code: ErrorCode;
  message: LocalizedText;
}

/**
 * The tenancy RPCs raise with a stable machine key in HINT ('last_owner', 'role_hierarchy'
 * ...). Known hints become a translated AppError; anything else falls back to the library's
 * SQLSTATE mapping, and finally INTERNAL (the raw database text never reaches the browser).
 */
export function rpcError(error: { code?: string; message?: string; hint?: string | null }, rules: Record<string, HintRule>): AppError {
  const rule = error.hint ? rules[error.hint] : undefined;
  if (rule) return new AppError(rule.code, { message: rule.message, cause: error });
  return fromPostgrestError(error) ?? new AppError("INTERNAL", { cause: error });
}

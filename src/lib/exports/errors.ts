import "server-only";
import { AppError, fromPostgrestError } from "@/lib/api/errors";

type PgError = { code?: string; message?: string; hint?: string | null; details?: string | null };

/** HINT keys of the export functions -> the envelope error (raw database text never leaves). */
export function exportRpcError(error: PgError): AppError {
  switch (error.hint) {
    case "forbidden":
      return new AppError("FORBIDDEN", { cause: error });
    case "balance_filter_invalid":
      return new AppError("VALIDATION_ERROR", { details: { balance: "invalid" }, cause: error });
    case "segment_filter_invalid":
      return new AppError("VALIDATION_ERROR", { details: { segment: "invalid" }, cause: error });
    case "status_filter_invalid":
      return new AppError("VALIDATION_ERROR", { details: { status: "invalid" }, cause: error });
    default:
      return fromPostgrestError(error) ?? new AppError("INTERNAL", { cause: error });
  }
}

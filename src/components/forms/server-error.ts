import type { FieldValues, Path, UseFormReturn } from "react-hook-form";

/** The `error` part of the library's action envelope, as forms need it. */
export interface ActionError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * Puts a failed action's per-field messages on the matching fields and the overall
 * message on `root.server` (rendered by <FormError />). Fields the form does not have
 * fall back to the overall message so nothing is silently dropped.
 */
export function applyServerError<T extends FieldValues, O extends FieldValues>(
  form: UseFormReturn<T, unknown, O>,
  error: ActionError,
): void {
  const known = new Set(Object.keys(form.getValues()));
  let placed = false;
  for (const [field, value] of Object.entries(error.details ?? {})) {
    if (typeof value === "string" && known.has(field)) {
      // `known` holds exactly the form's own field names, so the cast is checked at runtime.
      form.setError(field as Path<T>, { type: "server", message: value }, { shouldFocus: !placed });
      placed = true;
    }
  }
  if (!placed || error.code !== "VALIDATION_ERROR") {
    form.setError("root.server", { type: error.code, message: error.message });
  }
}

"use client";

import { CircleAlertIcon } from "lucide-react";
import { useFormState, type Control, type FieldValues } from "react-hook-form";
import { Alert, AlertDescription } from "@/components/ui/alert";

/** Shows the form-level error set by applyServerError (e.g. "Email atau kata sandi salah"). */
export function FormError<T extends FieldValues, O extends FieldValues>({ control }: { control: Control<T, unknown, O> }) {
  const { errors } = useFormState({ control });
  const message = errors.root?.server?.message;
  if (!message) return null;
  return (
    <Alert variant="destructive" data-testid="form-error">
      <CircleAlertIcon />
      <AlertDescription>{message}</AlertDescription>
    </Alert>
  );
}

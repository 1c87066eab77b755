"use client";

import { useTranslations } from "next-intl";
import type { Control, FieldPath } from "react-hook-form";
import { TextField } from "@/components/forms/text-field";
import type { InviteSignUpInput, SignUpInput } from "../schema";

/**
 * The personal-account fields both registration forms ask for (register-form.tsx and
 * invite-register-form.tsx): full name, WhatsApp, e-mail and a new password. One component
 * per field, so each form keeps its own order and can put its own fields in between.
 */
type AccountValues = Pick<SignUpInput & InviteSignUpInput, "fullName" | "whatsapp" | "email" | "password">;

interface FieldProps<T extends AccountValues, O> {
  control: Control<T, unknown, O>;
}

/** The field names exist in every T (T extends AccountValues); TS cannot prove it for a generic T. */
const field = <T extends AccountValues>(name: keyof AccountValues) => name as FieldPath<T>;

export function FullNameField<T extends AccountValues, O>({ control }: FieldProps<T, O>) {
  const t = useTranslations("auth");
  return (
    <TextField
      control={control}
      name={field<T>("fullName")}
      label={t("fields.fullName")}
      autoComplete="name"
      placeholder={t("fields.fullNamePlaceholder")}
    />
  );
}

export function WhatsappField<T extends AccountValues, O>({ control }: FieldProps<T, O>) {
  const t = useTranslations("auth");
  return (
    <TextField
      control={control}
      name={field<T>("whatsapp")}
      label={t("fields.whatsapp")}
      type="tel"
      inputMode="tel"
      autoComplete="tel"
      placeholder={t("fields.whatsappPlaceholder")}
      description={t("fields.whatsappHint")}
    />
  );
}

/** `fixed`: the address is given (an invitation's) and shown read-only. */
export function EmailField<T extends AccountValues, O>({ control, fixed = false }: FieldProps<T, O> & { fixed?: boolean }) {
  const t = useTranslations("auth");
  if (fixed) {
    return <TextField control={control} name={field<T>("email")} label={t("fields.email")} type="email" readOnly aria-readonly="true" className="bg-muted" />;
  }
  return (
    <TextField
      control={control}
      name={field<T>("email")}
      label={t("fields.email")}
      type="email"
      inputMode="email"
      autoComplete="email"
      placeholder={t("fields.emailPlaceholder")}
    />
  );
}

export function NewPasswordField<T extends AccountValues, O>({ control }: FieldProps<T, O>) {
  const t = useTranslations("auth");
  return (
    <TextField
      control={control}
      name={field<T>("password")}
      label={t("fields.password")}
      type="password"
      autoComplete="new-password"
      description={t("fields.passwordHint")}
    />
  );
}

"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { FormError } from "@/components/forms/form-error";
import { applyServerError } from "@/components/forms/server-error";
import { TextField } from "@/components/forms/text-field";
import { Form } from "@/components/ui/form";
import { resetPassword } from "../actions";
import { resetPasswordSchema, type ResetPasswordInput } from "../schema";
import { SubmitButton } from "./submit-button";

export function ResetPasswordForm() {
  const t = useTranslations("auth");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const form = useForm({
    resolver: zodResolver(resetPasswordSchema),
    defaultValues: { password: "", confirmPassword: "" } satisfies ResetPasswordInput,
  });

  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await resetPassword(values);
      if (!result.success) {
        applyServerError(form, result.error);
        return;
      }
      toast.success(t("reset.saved"));
      router.replace(result.data.redirectTo);
      router.refresh();
    }),
  );

  return (
    <Form {...form}>
      {/* POST, so a submit before hydration never puts the password into the URL. */}
      <form method="post" onSubmit={onSubmit} className="grid gap-4" noValidate data-testid="reset-form">
        <FormError control={form.control} />
        <TextField
          control={form.control}
          name="password"
          label={t("fields.newPassword")}
          type="password"
          autoComplete="new-password"
          description={t("fields.passwordHint")}
        />
        <TextField control={form.control} name="confirmPassword" label={t("fields.confirmPassword")} type="password" autoComplete="new-password" />
        <SubmitButton pending={pending} testId="reset-submit">
          {t("reset.submit")}
        </SubmitButton>
      </form>
    </Form>
  );
}

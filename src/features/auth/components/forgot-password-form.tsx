"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { MailCheckIcon } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { FormError } from "@/components/forms/form-error";
import { applyServerError } from "@/components/forms/server-error";
import { TextField } from "@/components/forms/text-field";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Form } from "@/components/ui/form";
import { requestPasswordReset } from "../actions";
import { forgotPasswordSchema, type ForgotPasswordInput } from "../schema";
import { SubmitButton } from "./submit-button";

/**
 * The confirmation is the same whether or not the address has an account, so the page
 * cannot be used to find out who is registered.
 */
export function ForgotPasswordForm() {
  const t = useTranslations("auth.forgot");
  const tf = useTranslations("auth.fields");
  const [pending, startTransition] = useTransition();
  const [sent, setSent] = useState<{ devOutbox: boolean; email: string } | null>(null);
  const form = useForm({
    resolver: zodResolver(forgotPasswordSchema),
    defaultValues: { email: "" } satisfies ForgotPasswordInput,
  });

  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await requestPasswordReset(values);
      if (!result.success) {
        applyServerError(form, result.error);
        return;
      }
      setSent({ devOutbox: result.data.devOutbox, email: values.email });
    }),
  );

  if (sent) {
    return (
      <div className="grid gap-4">
        <Alert variant="success" data-testid="forgot-sent">
          <MailCheckIcon />
          <AlertTitle>{t("sentTitle")}</AlertTitle>
          <AlertDescription>{t("sent")}</AlertDescription>
        </Alert>
        {sent.devOutbox && (
          <Link
            href={`/dev/outbox?email=${encodeURIComponent(sent.email)}`}
            className="text-center text-sm text-primary underline-offset-4 hover:underline"
            data-testid="dev-outbox-link"
          >
            {t("devOutbox")}
          </Link>
        )}
      </div>
    );
  }

  return (
    <Form {...form}>
      {/* POST, so a submit before hydration never puts the password into the URL. */}
      <form method="post" onSubmit={onSubmit} className="grid gap-4" noValidate data-testid="forgot-form">
        <FormError control={form.control} />
        <TextField
          control={form.control}
          name="email"
          label={tf("email")}
          type="email"
          inputMode="email"
          autoComplete="email"
          placeholder={tf("emailPlaceholder")}
        />
        <SubmitButton pending={pending} testId="forgot-submit">
          {t("submit")}
        </SubmitButton>
      </form>
    </Form>
  );
}

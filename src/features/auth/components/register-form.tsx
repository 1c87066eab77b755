"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { MailCheckIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { FormError } from "@/components/forms/form-error";
import { applyServerError } from "@/components/forms/server-error";
import { TextField } from "@/components/forms/text-field";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Form } from "@/components/ui/form";
import { signUp } from "../actions";
import { signUpSchema, type SignUpInput } from "../schema";
import { EmailField, FullNameField, NewPasswordField, WhatsappField } from "./account-fields";
import { SubmitButton } from "./submit-button";

export function RegisterForm() {
  const t = useTranslations("auth");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [confirmEmail, setConfirmEmail] = useState(false);
  const form = useForm({
    resolver: zodResolver(signUpSchema),
    defaultValues: { fullName: "", businessName: "", whatsapp: "", email: "", password: "" } satisfies SignUpInput,
  });

  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await signUp(values);
      if (!result.success) {
        applyServerError(form, result.error);
        return;
      }
      if (result.data.redirectTo) {
        router.replace(result.data.redirectTo);
        router.refresh();
      } else {
        // Hosted Supabase with e-mail confirmation on: no session until the link is clicked.
        setConfirmEmail(result.data.confirmEmail);
      }
    }),
  );

  if (confirmEmail) {
    return (
      <Alert variant="success" data-testid="register-confirm-email">
        <MailCheckIcon />
        <AlertDescription>{t("register.checkEmail")}</AlertDescription>
      </Alert>
    );
  }

  return (
    <Form {...form}>
      {/* POST, so a submit before hydration never puts the password into the URL. */}
      <form method="post" onSubmit={onSubmit} className="grid gap-4" noValidate data-testid="register-form">
        <FormError control={form.control} />
        <FullNameField control={form.control} />
        <TextField
          control={form.control}
          name="businessName"
          label={t("fields.businessName")}
          autoComplete="organization"
          placeholder={t("fields.businessNamePlaceholder")}
        />
        <WhatsappField control={form.control} />
        <EmailField control={form.control} />
        <NewPasswordField control={form.control} />
        <SubmitButton pending={pending} testId="register-submit">
          {t("register.submit")}
        </SubmitButton>
        <p className="text-center text-xs text-muted-foreground">{t("register.terms")}</p>
      </form>
    </Form>
  );
}

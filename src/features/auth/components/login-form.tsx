"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { useForm } from "react-hook-form";
import { FormError } from "@/components/forms/form-error";
import { applyServerError } from "@/components/forms/server-error";
import { TextField } from "@/components/forms/text-field";
import { Form } from "@/components/ui/form";
import { signIn } from "../actions";
import { signInSchema, type SignInInput } from "../schema";
import { SubmitButton } from "./submit-button";

export function LoginForm({ next }: { next?: string }) {
  const t = useTranslations("auth");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const form = useForm({
    resolver: zodResolver(signInSchema),
    defaultValues: { email: "", password: "", next } satisfies SignInInput,
  });

  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await signIn(values);
      if (!result.success) {
        applyServerError(form, result.error);
        return;
      }
      router.replace(result.data.redirectTo);
      router.refresh();
    }),
  );

  return (
    <Form {...form}>
      {/* POST, so a submit before hydration never puts the password into the URL. */}
      <form method="post" onSubmit={onSubmit} className="grid gap-4" noValidate data-testid="login-form">
        <FormError control={form.control} />
        <TextField
          control={form.control}
          name="email"
          label={t("fields.email")}
          type="email"
          inputMode="email"
          autoComplete="email"
          placeholder={t("fields.emailPlaceholder")}
        />
        <div className="grid gap-1">
          <TextField control={form.control} name="password" label={t("fields.password")} type="password" autoComplete="current-password" />
          <Link href="/forgot-password" className="justify-self-end text-sm text-primary hover:underline" data-testid="forgot-link">
            {t("login.forgot")}
          </Link>
        </div>
        <SubmitButton pending={pending} testId="login-submit">
          {t("login.submit")}
        </SubmitButton>
      </form>
    </Form>
  );
}

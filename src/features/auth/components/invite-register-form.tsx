"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { MailCheckIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { FormError } from "@/components/forms/form-error";
import { applyServerError } from "@/components/forms/server-error";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Form } from "@/components/ui/form";
import { signUpWithInvitation } from "../actions";
import { inviteSignUpSchema, type InviteSignUpInput } from "../schema";
import { EmailField, FullNameField, NewPasswordField, WhatsappField } from "./account-fields";
import { SubmitButton } from "./submit-button";

/**
 * Registration for an invited person: no business name (they join the inviter's). The
 * e-mail is fixed to the invited address, which the database requires to match.
 */
export function InviteRegisterForm({ token, email }: { token: string; email: string }) {
  const t = useTranslations("auth");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [confirmEmail, setConfirmEmail] = useState(false);
  const form = useForm({
    resolver: zodResolver(inviteSignUpSchema),
    defaultValues: { fullName: "", whatsapp: "", email, password: "", token } satisfies InviteSignUpInput,
  });

  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await signUpWithInvitation(values);
      if (!result.success) {
        applyServerError(form, result.error);
        return;
      }
      if (!result.data.redirectTo) {
        setConfirmEmail(result.data.confirmEmail);
        return;
      }
      toast.success(t("invite.accepted", { business: result.data.businessName }));
      router.replace(result.data.redirectTo);
      router.refresh();
    }),
  );

  if (confirmEmail) {
    return (
      <Alert variant="success">
        <MailCheckIcon />
        <AlertDescription>{t("register.checkEmail")}</AlertDescription>
      </Alert>
    );
  }

  return (
    <Form {...form}>
      {/* POST, so a submit before hydration never puts the password into the URL. */}
      <form method="post" onSubmit={onSubmit} className="grid gap-4" noValidate data-testid="invite-register-form">
        <FormError control={form.control} />
        <EmailField control={form.control} fixed />
        <FullNameField control={form.control} />
        <WhatsappField control={form.control} />
        <NewPasswordField control={form.control} />
        <SubmitButton pending={pending} testId="invite-register-submit">
          {t("invite.registerSubmit")}
        </SubmitButton>
      </form>
    </Form>
  );
}

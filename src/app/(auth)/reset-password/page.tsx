import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { AuthCard } from "@/features/auth/components/auth-card";
import { ResetPasswordForm } from "@/features/auth/components/reset-password-form";
import { getVerifiedUser } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.reset");
  return { title: t("title") };
}

/**
 * Reached from the recovery e-mail through /auth/confirm, which signed the user in with
 * the one-time token. Without that session the link was used or expired. The session is
 * checked with the Auth server (not only the token's signature): a password is about to change.
 */
export default async function ResetPasswordPage() {
  const t = await getTranslations("auth.reset");
  const user = await getVerifiedUser();
  if (!user) {
    return (
      <AuthCard title={t("title")} description={t("noSession")}>
        <Button asChild className="w-full" size="lg">
          <Link href="/forgot-password">{t("requestNew")}</Link>
        </Button>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t("title")} description={t("subtitle", { email: user.email ?? "" })}>
      <ResetPasswordForm />
    </AuthCard>
  );
}

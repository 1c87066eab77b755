import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AuthCard } from "@/features/auth/components/auth-card";
import { RegisterForm } from "@/features/auth/components/register-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.register");
  return { title: t("title") };
}

export default async function RegisterPage() {
  const t = await getTranslations("auth.register");
  return (
    <AuthCard
      title={t("title")}
      description={t("subtitle")}
      footer={
        <span>
          {t("haveAccount")}{" "}
          <Link href="/login" className="font-medium text-primary hover:underline" data-testid="login-link">
            {t("login")}
          </Link>
        </span>
      }
    >
      <RegisterForm />
    </AuthCard>
  );
}

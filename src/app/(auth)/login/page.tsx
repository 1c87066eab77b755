import { CircleAlertIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { AuthCard } from "@/features/auth/components/auth-card";
import { LoginForm } from "@/features/auth/components/login-form";
import { safeNextPath } from "@/features/auth/redirect";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.login");
  return { title: t("title") };
}

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const t = await getTranslations("auth.login");
  const tConfirm = await getTranslations("auth.confirm");
  const { next, link } = await searchParams;
  const nextPath = safeNextPath(typeof next === "string" ? next : null);
  return (
    <AuthCard
      title={t("title")}
      description={t("subtitle")}
      footer={
        <span>
          {t("noAccount")}{" "}
          <Link href="/register" className="font-medium text-primary hover:underline" data-testid="register-link">
            {t("register")}
          </Link>
        </span>
      }
    >
      {link === "invalid" && (
        <Alert variant="destructive" className="mb-4" data-testid="link-invalid">
          <CircleAlertIcon />
          <AlertDescription>{tConfirm("failed")}</AlertDescription>
        </Alert>
      )}
      <LoginForm next={nextPath} />
    </AuthCard>
  );
}

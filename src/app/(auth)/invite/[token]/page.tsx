import { CircleAlertIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { AcceptInvitation } from "@/features/auth/components/accept-invitation";
import { AuthCard } from "@/features/auth/components/auth-card";
import { InviteRegisterForm } from "@/features/auth/components/invite-register-form";
import { getInvitation } from "@/features/auth/queries";
import { getSupabase, getUser } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.invite");
  // The token is a secret: keep the page out of search engines and referrers.
  return { title: t("title"), robots: { index: false, follow: false }, referrer: "no-referrer" };
}

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const t = await getTranslations();
  const [invitation, user] = await Promise.all([getInvitation(await getSupabase(), token), getUser()]);

  if (!invitation || invitation.status !== "pending") {
    return (
      <AuthCard title={t("auth.invite.invalidTitle")}>
        <Alert variant="destructive" data-testid="invite-invalid">
          <CircleAlertIcon />
          <AlertDescription>{t("auth.invite.invalid")}</AlertDescription>
        </Alert>
      </AuthCard>
    );
  }

  const role = t(`roles.${invitation.role}`);
  const summary = (
    <span data-testid="invite-summary">
      {t.rich("auth.invite.summary", {
        business: invitation.businessName,
        role,
        b: (chunks) => <strong className="text-foreground">{chunks}</strong>,
      })}
    </span>
  );

  if (user) {
    const emailMatches = (user.email ?? "").toLowerCase() === invitation.email.toLowerCase();
    return (
      <AuthCard title={t("auth.invite.title")} description={summary}>
        <div className="grid gap-4">
          <p className="text-sm text-muted-foreground">
            {emailMatches
              ? t("auth.invite.signedInAs", { email: user.email ?? "" })
              : t("auth.invite.wrongAccount", { invited: invitation.email, current: user.email ?? "" })}
          </p>
          <AcceptInvitation token={token} businessName={invitation.businessName} emailMatches={emailMatches} />
        </div>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title={t("auth.invite.registerTitle")}
      description={summary}
      footer={
        <span className="text-center">
          {t("auth.invite.haveAccount")}{" "}
          <Button asChild variant="link" className="h-auto p-0">
            <Link href={`/login?next=${encodeURIComponent(`/invite/${token}`)}`} data-testid="invite-login-link">
              {t("auth.invite.loginThenAccept")}
            </Link>
          </Button>
        </span>
      }
    >
      <InviteRegisterForm token={token} email={invitation.email} />
    </AuthCard>
  );
}

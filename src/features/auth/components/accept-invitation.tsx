"use client";

import { CircleAlertIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { acceptInvitation, signOut } from "../actions";

/** For a signed-in visitor: accept (when the e-mail matches) or switch accounts. */
export function AcceptInvitation({
  token,
  businessName,
  emailMatches,
}: {
  token: string;
  businessName: string;
  emailMatches: boolean;
}) {
  const t = useTranslations("auth.invite");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  const accept = () =>
    startTransition(async () => {
      const result = await acceptInvitation({ token });
      if (!result.success) {
        setError(result.error.message);
        return;
      }
      toast.success(t("accepted", { business: businessName }));
      router.replace("/dashboard");
      router.refresh();
    });

  const switchAccount = () =>
    startTransition(async () => {
      await signOut(undefined);
      // Back to this page signed out, where the invitation offers sign-up or sign-in.
      router.refresh();
    });

  return (
    <div className="grid gap-3">
      {error && (
        <Alert variant="destructive" data-testid="form-error">
          <CircleAlertIcon />
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      )}
      {emailMatches && (
        <Button size="lg" className="w-full" disabled={pending} onClick={accept} data-testid="invite-accept">
          {t("accept")}
        </Button>
      )}
      <Button variant={emailMatches ? "ghost" : "default"} className="w-full" disabled={pending} onClick={switchAccount} data-testid="invite-switch-account">
        {t("signOut")}
      </Button>
    </div>
  );
}

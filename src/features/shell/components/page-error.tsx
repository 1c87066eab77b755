"use client";

import { TriangleAlertIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";

/** A page of the app failed to render; the shell around it keeps working. */
export function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations();
  return (
    <EmptyState icon={TriangleAlertIcon} title={t("errors.crashTitle")} description={t("errors.crashBody")} testId="page-error">
      {error.digest && <p className="font-mono text-xs text-muted-foreground">{error.digest}</p>}
      <Button onClick={reset}>{t("common.retry")}</Button>
    </EmptyState>
  );
}

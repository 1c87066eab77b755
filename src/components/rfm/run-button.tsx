"use client";

import { Loader2Icon, PlayIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { toast } from "sonner";
import { runAnalysisAction } from "@/app/(dashboard)/rfm/actions";
import { Button } from "@/components/ui/button";

/**
 * "Jalankan analisis": one Server Action running the whole analysis in the database. The
 * run is a single statement with no intermediate steps to report, so progress is shown as
 * an indeterminate bar and a status line while it runs; the page refreshes when it is done.
 */
export function RunAnalysisButton({ disabled = false, size = "default" }: { disabled?: boolean; size?: "default" | "lg" }) {
  const t = useTranslations("rfm.run");
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  const run = () =>
    startTransition(async () => {
      const result = await runAnalysisAction({});
      if (!result.success) {
        toast.error(result.error.message);
        return;
      }
      toast.success(t("done", { count: result.data.customersScored }));
      router.refresh();
    });

  return (
    <div className="grid gap-2">
      <Button onClick={run} disabled={disabled || pending} size={size} aria-busy={pending} data-testid="rfm-run" title={disabled ? t("viewerHint") : undefined}>
        {pending ? <Loader2Icon className="animate-spin" aria-hidden="true" /> : <PlayIcon aria-hidden="true" />}
        {pending ? t("running") : t("button")}
      </Button>
      <div role="status" aria-live="polite" className={pending ? "grid gap-1" : "sr-only"}>
        {pending && (
          <>
            <div className="h-1.5 w-full overflow-hidden rounded-full bg-muted" data-testid="rfm-run-progress">
              <div className="h-full w-full animate-pulse rounded-full bg-primary/70" />
            </div>
            <p className="max-w-64 text-xs text-muted-foreground">{t("progress")}</p>
          </>
        )}
      </div>
      {disabled && <p className="max-w-64 text-xs text-muted-foreground">{t("viewerHint")}</p>}
    </div>
  );
}

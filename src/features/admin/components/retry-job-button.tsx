"use client";

import { RotateCcwIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { retryFailedJob } from "../actions";

export function RetryJobButton({ id }: { id: string }) {
  const t = useTranslations("admin.jobs");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const retry = () =>
    startTransition(async () => {
      const result = await retryFailedJob({ id });
      if (!result.success) {
        toast.error(result.error.message);
        return;
      }
      toast.success(t("retried"));
      router.refresh();
    });
  return (
    <Button size="sm" variant="outline" disabled={pending} onClick={retry} data-testid="job-retry">
      <RotateCcwIcon />
      {t("retry")}
    </Button>
  );
}

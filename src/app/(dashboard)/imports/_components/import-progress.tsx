"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { callApi } from "./api";

export interface ProgressView {
  status: string;
  total_rows: number;
  validated_rows: number;
  processed_rows: number;
  error_rows: number;
  duplicate_rows: number;
}

/** Polls the import while it runs and refreshes the page (to the summary) when it ends. */
export function ImportProgress({ importId, initial }: { importId: string; initial: ProgressView }) {
  const t = useTranslations("imports");
  const router = useRouter();
  const [p, setP] = useState(initial);

  useEffect(() => {
    const timer = setInterval(async () => {
      const r = await callApi<ProgressView>(`/api/imports/${importId}`);
      if (!r.ok || !r.data) return;
      setP(r.data);
      if (r.data.status === "completed" || r.data.status === "failed") {
        clearInterval(timer);
        router.refresh();
      }
    }, 1500);
    return () => clearInterval(timer);
  }, [importId, router]);

  const pct = p.total_rows === 0 ? 0 : Math.round((100 * p.processed_rows) / p.total_rows);
  return (
    <Card data-testid="import-progress">
      <CardHeader>
        <CardTitle>
          {t("progress.title")} · {t(`status.${p.status}` as "status.processing")}
        </CardTitle>
      </CardHeader>
      <CardContent className="grid gap-3">
        <div className="h-3 w-full overflow-hidden rounded-full bg-muted" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
          <div className="h-full bg-primary transition-all" style={{ width: `${pct}%` }} />
        </div>
        <p className="text-sm">{t("progress.validating", { done: p.validated_rows, total: p.total_rows })}</p>
        <p className="text-sm" data-testid="import-progress-text">
          {t("progress.body", { done: p.processed_rows, total: p.total_rows, errors: p.error_rows + p.duplicate_rows })}
        </p>
      </CardContent>
    </Card>
  );
}

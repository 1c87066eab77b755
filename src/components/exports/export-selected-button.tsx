"use client";

import { DownloadIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";

/** The file name the server chose (Content-Disposition), else a fallback. */
function fileName(res: Response, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "");
  return match?.[1] ?? fallback;
}

/**
 * "Ekspor terpilih" in the bulk bar: POSTs the ticked ids (at most 500, a small file) to the
 * same server export as the filtered list, so the columns, escaping and BOM are identical.
 */
export function ExportSelectedButton({ customerIds }: { customerIds: string[] }) {
  const t = useTranslations("exports");
  const [pending, startTransition] = useTransition();
  const run = () =>
    startTransition(async () => {
      const res = await fetch("/api/customers/export", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ format: "csv", customerIds }),
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        toast.error(t("failed", { message: body?.error?.message ?? res.statusText }));
        return;
      }
      const name = fileName(res, "pelanggan.csv");
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement("a");
      a.href = url;
      a.download = name;
      a.click();
      URL.revokeObjectURL(url);
      toast.success(t("done", { name }));
    });
  return (
    <Button size="sm" variant="ghost" onClick={run} disabled={pending || customerIds.length === 0} data-testid="bulk-export">
      <DownloadIcon /> {pending ? t("working") : t("selected")}
    </Button>
  );
}

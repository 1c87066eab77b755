"use client";

import { DownloadIcon } from "lucide-react";
import { useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";

/**
 * "Ekspor" for a list page: plain download links to the streamed export route with the page's
 * current filters (the route ignores paging and sort), so the browser writes a big file
 * straight to disk instead of holding it in memory.
 */
export function ExportMenu({ path, testId = "export-menu" }: { path: "/api/customers/export" | "/api/transactions/export"; testId?: string }) {
  const t = useTranslations("exports");
  const params = useSearchParams();
  const href = (format: "csv" | "xlsx") => {
    const query = new URLSearchParams(params.toString());
    for (const key of ["page", "limit", "format", "sep"]) query.delete(key);
    query.set("format", format);
    return `${path}?${query.toString()}`;
  };
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="outline" data-testid={testId}>
          <DownloadIcon /> {t("button")}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="max-w-72">
        <DropdownMenuLabel className="text-xs font-normal text-muted-foreground">{t("hint")}</DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <a href={href("csv")} download data-testid={`${testId}-csv`}>{t("csv")}</a>
        </DropdownMenuItem>
        <DropdownMenuItem asChild>
          <a href={href("xlsx")} download data-testid={`${testId}-xlsx`}>{t("xlsx")}</a>
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

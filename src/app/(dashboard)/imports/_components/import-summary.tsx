import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { enMessages, idMessages } from "@/i18n/catalog";
import { rowErrorsText } from "@/lib/imports/messages";
import type { ImportRecord, ProblemRow } from "@/lib/imports/queries";

/** The end of an import: counts, the first problem rows, and the full list as a download. */
export async function ImportSummary({ imp, problems }: { imp: ImportRecord; problems: ProblemRow[] }) {
  const [t, format, locale] = await Promise.all([getTranslations("imports"), getFormatter(), getLocale()]);
  const messages = locale === "en" ? enMessages : idMessages;
  const failed = imp.error_rows;
  const notImported = imp.error_rows + imp.duplicate_rows;
  const nothing = imp.imported_rows + imp.updated_rows + imp.skipped_rows === 0;
  const figures = [
    ["imported", imp.imported_rows],
    ["updated", imp.updated_rows],
    ["skipped", imp.skipped_rows],
    ["duplicates", imp.duplicate_rows],
    ["failed", failed],
  ] as const;
  return (
    <div className="grid gap-6" data-testid="import-summary">
      {imp.status === "failed" && (
        <Alert variant="destructive">
          <AlertDescription>{t("summary.failedImport")}</AlertDescription>
        </Alert>
      )}
      {imp.status === "completed" && nothing && (
        <Alert variant="destructive" data-testid="import-all-failed">
          <AlertDescription>{t("summary.allFailed")}</AlertDescription>
        </Alert>
      )}
      <Card>
        <CardHeader>
          <CardTitle>{t("summary.title")}</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid grid-cols-2 gap-4 sm:grid-cols-5">
            {figures.map(([key, value]) => (
              <div key={key} className="rounded-lg border p-3">
                <dt className="text-xs text-muted-foreground">{t(`summary.${key}`)}</dt>
                <dd className="text-2xl font-semibold tabular-nums" data-testid={`summary-${key}`}>
                  {format.number(value)}
                </dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>
      {notImported > 0 && (
        <Card>
          <CardHeader className="flex flex-row flex-wrap items-center justify-between gap-2">
            <CardTitle>{t("summary.errorsTitle")}</CardTitle>
            <a href={`/api/imports/${imp.id}/errors`} className={buttonVariants({ variant: "outline" })} data-testid="import-errors-download" download>
              {t("summary.download")}
            </a>
          </CardHeader>
          <CardContent className="grid gap-3 overflow-x-auto">
            <Table data-testid="import-errors">
              <TableHeader>
                <TableRow>
                  <TableHead>{t("summary.rowColumn")}</TableHead>
                  <TableHead>{t("summary.errorColumn")}</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {problems.map((row) => (
                  <TableRow key={row.rowNumber}>
                    <TableCell className="tabular-nums">{row.rowNumber}</TableCell>
                    <TableCell>{rowErrorsText(messages, row.errors)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {notImported > problems.length && <p className="text-sm text-muted-foreground">{t("summary.more", { shown: problems.length, total: notImported })}</p>}
          </CardContent>
        </Card>
      )}
      <div>
        <Link href="/imports" className={buttonVariants({ variant: "outline" })}>
          {t("summary.again")}
        </Link>
      </div>
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { NoBusiness } from "@/features/businesses/components/no-business";
import { getActiveBusiness, getSupabase, requireUser, roleAtLeast } from "@/lib/auth/session";
import { IMPORT_KINDS, type ImportKind } from "@/lib/imports/limits";
import { listImports } from "@/lib/imports/queries";
import { UploadForm } from "./_components/upload-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("imports");
  return { title: t("title") };
}

export default async function ImportsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser();
  const [params, business, supabase, t, format] = await Promise.all([searchParams, getActiveBusiness(), getSupabase(), getTranslations("imports"), getFormatter()]);
  if (!business) return <NoBusiness />;
  const imports = await listImports(supabase, { businessId: business.id });
  const kindParam = typeof params.kind === "string" ? params.kind : "";
  const defaultKind: ImportKind = (IMPORT_KINDS as readonly string[]).includes(kindParam) ? (kindParam as ImportKind) : "customers";

  return (
    <>
      <PageHeader title={t("title")} description={t("subtitle", { business: business.name })} />
      <div className="grid gap-6">
        {roleAtLeast(business.role, "staff") && (
          <Card>
            <CardHeader>
              <CardTitle>{t("upload.title")}</CardTitle>
              <CardDescription>{t("upload.description")}</CardDescription>
            </CardHeader>
            <CardContent>
              <UploadForm defaultKind={defaultKind} />
            </CardContent>
          </Card>
        )}
        <Card>
          <CardHeader>
            <CardTitle>{t("list.title")}</CardTitle>
          </CardHeader>
          <CardContent>
            {imports.length === 0 ? (
              <p className="text-sm text-muted-foreground">{t("list.empty")}</p>
            ) : (
              <Table data-testid="imports-table">
                <TableHeader>
                  <TableRow>
                    <TableHead>{t("list.file")}</TableHead>
                    <TableHead>{t("list.kind")}</TableHead>
                    <TableHead>{t("list.status")}</TableHead>
                    <TableHead className="text-right">{t("list.rows")}</TableHead>
                    <TableHead>{t("list.created")}</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {imports.map((imp) => (
                    <TableRow key={imp.id}>
                      <TableCell className="max-w-56 truncate">
                        <Link href={`/imports/${imp.id}`} className="font-medium underline-offset-4 hover:underline">
                          {imp.file_name}
                        </Link>
                      </TableCell>
                      <TableCell>{t(`kinds.${imp.kind}`)}</TableCell>
                      <TableCell>{t(`status.${imp.status}`)}</TableCell>
                      <TableCell className="text-right tabular-nums">{format.number(imp.total_rows)}</TableCell>
                      <TableCell>{format.dateTime(new Date(imp.created_at), { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Jakarta" })}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </CardContent>
        </Card>
      </div>
    </>
  );
}

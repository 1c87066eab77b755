import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { listPlatformBusinesses } from "@/features/admin/queries";
import { getSupabase, isSuperAdmin } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin.businesses");
  return { title: t("title") };
}

export default async function AdminBusinessesPage() {
  // Checked again here: the page must not rely on its layout alone.
  if (!(await isSuperAdmin())) notFound();
  const [t, tc, format, businesses] = await Promise.all([
    getTranslations("admin.businesses"),
    getTranslations("common"),
    getFormatter(),
    getSupabase().then(listPlatformBusinesses),
  ]);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Card className="py-2">
        <CardContent className="px-2 sm:px-4">
          {businesses.length === 0 ? (
            <p className="p-4 text-sm text-muted-foreground">{t("empty")}</p>
          ) : (
            <Table data-testid="admin-businesses">
              <TableHeader>
                <TableRow>
                  <TableHead>{t("name")}</TableHead>
                  <TableHead className="hidden md:table-cell">{t("owner")}</TableHead>
                  <TableHead className="text-right">{t("members")}</TableHead>
                  <TableHead className="hidden sm:table-cell">{t("created")}</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {businesses.map((b) => (
                  <TableRow key={b.id} data-testid="admin-business-row">
                    <TableCell>
                      <div className="font-medium">{b.name}</div>
                      <div className="truncate text-xs text-muted-foreground md:hidden">{b.ownerEmail ?? tc("dash")}</div>
                    </TableCell>
                    <TableCell className="hidden md:table-cell">{b.ownerEmail ?? tc("dash")}</TableCell>
                    <TableCell className="text-right tabular-nums">{format.number(b.memberCount)}</TableCell>
                    <TableCell className="hidden text-muted-foreground sm:table-cell">
                      {format.dateTime(new Date(b.createdAt), { dateStyle: "medium" })}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
    </>
  );
}

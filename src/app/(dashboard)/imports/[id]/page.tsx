import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/page-header";
import { NoBusiness } from "@/features/businesses/components/no-business";
import { isAppError } from "@/lib/api/errors";
import { getActiveBusiness, getSupabase, requireUser, roleAtLeast } from "@/lib/auth/session";
import type { ImportKind } from "@/lib/imports/limits";
import { getImport, previewImport, problemRows } from "@/lib/imports/queries";
import { importIdParams } from "@/lib/imports/schema";
import { asHeaders, asMapping } from "@/lib/imports/shapes";
import { ImportProgress } from "../_components/import-progress";
import { ImportSummary } from "../_components/import-summary";
import { MappingScreen } from "../_components/mapping-screen";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("imports");
  return { title: t("title") };
}

/** One import: the mapping screen, its progress while it runs, or its summary. */
export default async function ImportPage({ params }: { params: Promise<{ id: string }> }) {
  await requireUser();
  const [raw, business, supabase, t] = await Promise.all([params, getActiveBusiness(), getSupabase(), getTranslations("imports")]);
  if (!business) return <NoBusiness />;
  const parsed = importIdParams.safeParse(raw);
  if (!parsed.success) notFound();
  const imp = await getImport(supabase, { businessId: business.id, id: parsed.data.id }).catch((err: unknown) => {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  });

  let body: React.ReactNode;
  if (imp.status === "mapping") {
    const mapping = asMapping(imp.mapping);
    const preview = await previewImport(supabase, imp, mapping);
    body = (
      <MappingScreen
        importId={imp.id}
        kind={imp.kind as ImportKind}
        fileName={imp.file_name}
        totalRows={imp.total_rows}
        headers={asHeaders(imp.headers)}
        initialMapping={mapping}
        initialPreview={preview}
        canWrite={roleAtLeast(business.role, "staff")}
      />
    );
  } else if (imp.status === "completed" || imp.status === "failed") {
    const problems = await problemRows(supabase, { importId: imp.id, from: 0, limit: 50 });
    body = <ImportSummary imp={imp} problems={problems} />;
  } else {
    body = <ImportProgress importId={imp.id} initial={imp} />;
  }

  return (
    <>
      <PageHeader title={`${t("title")}: ${imp.file_name}`} description={`${t(`kinds.${imp.kind}`)} · ${t(`status.${imp.status}`)}`} />
      {body}
    </>
  );
}

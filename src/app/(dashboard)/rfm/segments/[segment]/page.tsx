import { ArrowLeftIcon, DownloadIcon, UsersRoundIcon, XIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { RfmCustomerTable } from "@/components/rfm/rfm-customer-table";
import { SegmentInfo, SegmentSwitcher } from "@/components/rfm/segment-info";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { NoBusiness } from "@/features/businesses/components/no-business";
import { AppError } from "@/lib/api/errors";
import { getActiveBusiness, getSupabase, requireUser } from "@/lib/auth/session";
import { formatDate } from "@/lib/format";
import { defaultDesc, PAGE_SIZE, parseSegmentListParams, segmentExportHref, segmentListQuery, type ExportFormat, type SearchParams } from "@/lib/rfm/params";
import { getRfmOverview, listSegmentCustomers } from "@/lib/rfm/queries";
import { isSegment, SEGMENT_COLORS } from "@/lib/rfm/segments";

type Params = Promise<{ segment: string }>;

/** A run id in the URL that is not this business's (or was pruned) is a 404 page, not an error page. */
async function notFoundOnForeignRun<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (err) {
    if (err instanceof AppError && err.code === "NOT_FOUND") notFound();
    throw err;
  }
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { segment } = await params;
  const t = await getTranslations("rfm");
  return { title: isSegment(segment) ? `${t(`segments.${segment}.label`)} · ${t("title")}` : t("title") };
}

const count = new Intl.NumberFormat("id-ID");

/** One segment: what it means, what to do, and its customers (sorted, paged, exportable). */
export default async function RfmSegmentPage({ params, searchParams }: { params: Params; searchParams: Promise<SearchParams> }) {
  const { segment } = await params;
  if (!isSegment(segment)) notFound();
  await requireUser();
  const [business, supabase, t, locale, search] = await Promise.all([getActiveBusiness(), getSupabase(), getTranslations("rfm"), getLocale(), searchParams]);
  if (!business) return <NoBusiness />;
  const q = parseSegmentListParams(search);
  const displayLocale = locale === "en" ? "en" : "id";
  const overview = await notFoundOnForeignRun(getRfmOverview(supabase, { businessId: business.id, runId: q.run }));
  const run = overview.run;
  const page = run
    ? await listSegmentCustomers(supabase, {
        businessId: business.id,
        segment,
        runId: run.id,
        rScore: q.r,
        fmScore: q.fm,
        sort: q.sort,
        desc: q.desc,
        limit: PAGE_SIZE,
        offset: (q.page - 1) * PAGE_SIZE,
      })
    : { rows: [], total: 0 };
  const base = `/rfm/segments/${segment}`;
  // Pinned to the run on screen, so a run finishing meanwhile does not change the file.
  const exportHref = (format: ExportFormat) => segmentExportHref(segment, { ...q, run: run?.id ?? null }, format);

  return (
    <>
      <Link href="/rfm" className="mb-2 inline-flex items-center gap-1 text-sm text-muted-foreground hover:underline">
        <ArrowLeftIcon className="size-4" aria-hidden="true" /> {t("segment.back")}
      </Link>
      <PageHeader
        title={t(`segments.${segment}.label`)}
        description={run ? t("segment.runOf", { date: formatDate(run.analysisDate, displayLocale) }) : undefined}
        actions={
          run && page.total > 0 && (
            <>
              <Button variant="outline" asChild>
                <a href={exportHref("csv")} download data-testid="rfm-export-csv">
                  <DownloadIcon aria-hidden="true" /> {t("segment.exportCsv")}
                </a>
              </Button>
              <Button variant="outline" asChild>
                <a href={exportHref("xlsx")} download data-testid="rfm-export-xlsx">
                  <DownloadIcon aria-hidden="true" /> {t("segment.exportXlsx")}
                </a>
              </Button>
            </>
          )
        }
      />
      <div className="grid gap-4">
        <SegmentSwitcher current={segment} />
        <SegmentInfo segment={segment} />
        {!run ? (
          <EmptyState icon={UsersRoundIcon} title={t("overview.emptyTitle")} description={t("segment.noRun")} testId="rfm-segment-norun">
            <Button asChild><Link href="/rfm">{t("segment.back")}</Link></Button>
          </EmptyState>
        ) : (
          <section className="grid gap-3" aria-labelledby="rfm-segment-customers">
            <div className="flex flex-wrap items-center gap-2">
              <h2 id="rfm-segment-customers" className="text-lg font-semibold">{t("segment.customers")}</h2>
              <Badge variant="secondary" data-testid="rfm-segment-count">{t("segment.count", { count: count.format(page.total) })}</Badge>
              {q.r !== null && q.fm !== null && (
                <Badge variant="outline" className="gap-1.5" style={{ borderColor: SEGMENT_COLORS[segment] }} data-testid="rfm-segment-cell">
                  {t("segment.cell", { r: q.r, fm: q.fm })}
                  <Link href={`${base}${segmentListQuery(q, { r: null, fm: null, page: 1 })}`} aria-label={t("segment.wholeSegment")} data-testid="rfm-segment-cell-clear">
                    <XIcon className="size-3.5" aria-hidden="true" />
                  </Link>
                </Badge>
              )}
            </div>
            {page.total === 0 ? (
              <p className="rounded-md border border-dashed p-6 text-center text-sm text-muted-foreground" data-testid="rfm-segment-empty">{t("segment.empty")}</p>
            ) : (
              <RfmCustomerTable
                page={page}
                pageNumber={q.page}
                pageSize={PAGE_SIZE}
                locale={displayLocale}
                pageHref={(n) => `${base}${segmentListQuery(q, { page: n })}`}
                sort={{
                  sort: q.sort,
                  desc: q.desc,
                  hrefFor: (key) => `${base}${segmentListQuery(q, { sort: key, desc: q.sort === key ? !q.desc : defaultDesc(key), page: 1 })}`,
                }}
              />
            )}
          </section>
        )}
      </div>
    </>
  );
}

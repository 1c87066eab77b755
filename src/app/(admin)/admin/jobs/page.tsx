import { CircleCheckIcon } from "lucide-react";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { RetryJobButton } from "@/features/admin/components/retry-job-button";
import { isSuperAdmin } from "@/lib/auth/session";
import { listFailedJobs } from "@/lib/jobs/admin";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin.jobs");
  return { title: t("title") };
}

export default async function AdminJobsPage() {
  if (!(await isSuperAdmin())) notFound();
  const [t, tc, format, jobs] = await Promise.all([
    getTranslations("admin.jobs"),
    getTranslations("common"),
    getFormatter(),
    listFailedJobs({ limit: 100 }),
  ]);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      {jobs.length === 0 ? (
        <EmptyState icon={CircleCheckIcon} title={t("empty")} description={t("description")} testId="jobs-empty" />
      ) : (
        // Cards rather than a table: error messages are long and must stay readable on a phone.
        <ul className="grid gap-3" data-testid="failed-jobs">
          {jobs.map((job) => (
            <li key={job.id}>
              <Card className="gap-3 py-4" data-testid="failed-job">
                <CardHeader className="px-4">
                  <CardTitle className="flex flex-wrap items-center gap-2 text-base">
                    <span className="font-mono">{job.queue}</span>
                    <Badge variant="outline">
                      {t("attempts")}: {job.attempts}
                    </Badge>
                  </CardTitle>
                  <p className="text-xs text-muted-foreground">
                    {t("failedAt")}: {job.failedOn ? format.dateTime(job.failedOn, { dateStyle: "medium", timeStyle: "medium" }) : tc("dash")}
                  </p>
                </CardHeader>
                <CardContent className="grid gap-3 px-4">
                  <div>
                    <p className="mb-1 text-xs font-medium text-muted-foreground">{t("error")}</p>
                    <pre className="max-h-40 overflow-auto rounded-md bg-muted p-3 text-xs whitespace-pre-wrap break-words" data-testid="failed-job-error">
                      {job.error ?? tc("dash")}
                    </pre>
                  </div>
                  <div>
                    <RetryJobButton id={job.id} />
                  </div>
                </CardContent>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

import { InboxIcon, MailIcon } from "lucide-react";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { devOutboxEnabled, readLocalOutbox } from "@/features/auth/dev-outbox";

export const metadata: Metadata = { robots: { index: false, follow: false } };

/**
 * Development only (SMA_LOCAL_STACK=1): the e-mails the local Auth "sent" (password
 * recovery and the like), so the flows can be finished without a mail server. Bodies are
 * shown as plain text, never as HTML.
 */
export default async function DevOutboxPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (!devOutboxEnabled()) notFound();
  const { email } = await searchParams;
  const filter = typeof email === "string" && email.trim() !== "" ? email.trim() : null;
  const [t, format, mails] = await Promise.all([getTranslations("outbox"), getFormatter(), readLocalOutbox(filter)]);

  return (
    <main className="mx-auto w-full max-w-3xl px-4 py-8">
      <PageHeader title={t("title")} description={t("description")} />
      <form method="get" className="mb-6 flex gap-2" role="search">
        <Input name="email" type="email" defaultValue={filter ?? ""} placeholder={t("filter")} aria-label={t("filter")} />
        <Button type="submit" variant="secondary">
          {t("filterSubmit")}
        </Button>
      </form>
      {mails === null ? (
        <Alert variant="destructive">
          <AlertDescription>{t("unavailable")}</AlertDescription>
        </Alert>
      ) : mails.length === 0 ? (
        <EmptyState icon={InboxIcon} title={t("empty")} description={t("description")} />
      ) : (
        <ul className="grid gap-4" data-testid="outbox-list">
          {mails.map((mail) => (
            <li key={mail.id}>
              <Card className="gap-3" data-testid="outbox-mail">
                <CardHeader>
                  <CardTitle className="flex items-start gap-2 text-base">
                    <MailIcon className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
                    <span>{mail.subject}</span>
                  </CardTitle>
                  <p className="text-xs text-muted-foreground">
                    {t("to")}: {mail.to_email} · {format.dateTime(new Date(mail.created_at), { dateStyle: "medium", timeStyle: "medium" })}
                  </p>
                </CardHeader>
                <CardContent className="grid gap-3">
                  {mail.link && (
                    <Button asChild className="w-fit max-w-full">
                      <a href={mail.link} data-testid="outbox-link" className="truncate">
                        {t("links")}
                      </a>
                    </Button>
                  )}
                  <pre className="max-h-64 overflow-auto rounded-md bg-muted p-3 text-xs whitespace-pre-wrap break-words">{mail.text}</pre>
                </CardContent>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

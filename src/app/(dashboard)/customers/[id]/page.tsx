import { ArrowLeftIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/page-header";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { NoBusiness } from "@/features/businesses/components/no-business";
import { ActivityForm } from "@/features/customers/components/activity-form";
import { ContactsPanel } from "@/features/customers/components/contacts-panel";
import { CustomerActions } from "@/features/customers/components/customer-actions";
import { BalanceText, TagList } from "@/features/customers/components/customer-bits";
import { DocumentsPanel } from "@/features/customers/components/documents-panel";
import { LedgerForm } from "@/features/customers/components/ledger-form";
import { NoteForm } from "@/features/customers/components/note-form";
import { Timeline } from "@/features/customers/components/timeline";
import { getCustomer, getCustomerLifetime, listActivities, listContacts, listDocuments, listLedger, listNotes } from "@/features/customers/queries";
import { customerIdParams } from "@/features/customers/schema";
import { getActiveBusiness, getSupabase, roleAtLeast } from "@/lib/auth/session";
import { formatDate, formatDateTime, formatIDR } from "@/lib/format";
import { formatPhone } from "@/lib/phone";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("customers");
  return { title: t("title") };
}

export default async function CustomerDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const parsed = customerIdParams.safeParse(await params);
  if (!parsed.success) notFound();
  const active = await getActiveBusiness();
  if (!active) return <NoBusiness />;
  const supabase = await getSupabase();
  const where = { businessId: active.id, id: parsed.data.id };
  const child = { businessId: active.id, customerId: parsed.data.id };
  const [customer, lifetime, activities, notes, ledger, documents, contacts, t] = await Promise.all([
    getCustomer(supabase, where), getCustomerLifetime(supabase, where), listActivities(supabase, child),
    listNotes(supabase, child), listLedger(supabase, { ...child, limit: 50 }), listDocuments(supabase, child),
    listContacts(supabase, child), getTranslations("customers"),
  ]);
  if (!customer) notFound();
  const canEdit = roleAtLeast(active.role, "staff");
  const deleted = customer.deletedAt !== null;
  const profile: [string, string | null][] = [
    [t("fields.whatsapp"), customer.whatsapp ? formatPhone(customer.whatsapp) : null],
    [t("fields.phone"), customer.phone ? formatPhone(customer.phone) : null],
    [t("fields.email"), customer.email],
    [t("fields.address"), customer.address],
    [t("fields.city"), customer.city],
    [t("fields.type"), t(`types.${customer.type}`)],
    [t("fields.createdAt"), formatDate(customer.createdAt)],
  ];
  const figures: [string, string][] = [
    [t("detail.transactions"), String(lifetime.transactionsCount)],
    [t("detail.totalSpent"), formatIDR(lifetime.totalSpent)],
    [t("detail.averageOrder"), formatIDR(lifetime.averageOrder)],
    [t("detail.firstPurchase"), lifetime.firstPurchaseDate ? formatDate(lifetime.firstPurchaseDate) : t("detail.noPurchase")],
    [t("detail.lastPurchase"), lifetime.lastPurchaseDate ? formatDate(lifetime.lastPurchaseDate) : t("detail.noPurchase")],
  ];

  return (
    <>
      <Link href="/customers" className="mb-2 inline-flex items-center gap-1 text-sm text-muted-foreground hover:underline">
        <ArrowLeftIcon className="size-4" /> {t("back")}
      </Link>
      <PageHeader title={customer.name} actions={canEdit && <CustomerActions id={customer.id} updatedAt={customer.updatedAt} deleted={deleted} />} />
      <div className="-mt-4 mb-4 flex flex-wrap items-center gap-2" data-testid="customer-status">
        <Badge variant="outline">{deleted ? t("statuses.deleted") : t(`statuses.${customer.status}`)}</Badge>
        <TagList tags={customer.tags} />
      </div>
      {deleted && (
        <Alert variant="destructive" className="mb-4" data-testid="deleted-banner">
          <AlertDescription>{t("detail.deletedBanner", { reason: customer.deletedReason ?? "" })}</AlertDescription>
        </Alert>
      )}
      <div className="grid gap-4 lg:grid-cols-3">
        <Card>
          <CardHeader><CardTitle>{t("detail.profile")}</CardTitle></CardHeader>
          <CardContent>
            <dl className="grid gap-2 text-sm" data-testid="customer-profile">
              {profile.map(([label, value]) => (
                <div key={label} className="grid grid-cols-[7rem_1fr] gap-2">
                  <dt className="text-muted-foreground">{label}</dt>
                  <dd className="min-w-0 break-words">{value ?? "—"}</dd>
                </div>
              ))}
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader><CardTitle>{t("detail.lifetime")}</CardTitle></CardHeader>
          <CardContent>
            <dl className="grid gap-2 text-sm" data-testid="customer-lifetime">
              {figures.map(([label, value]) => (
                <div key={label} className="flex justify-between gap-2">
                  <dt className="text-muted-foreground">{label}</dt>
                  <dd className="tabular-nums">{value}</dd>
                </div>
              ))}
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader><CardTitle>{t("detail.ledger")}</CardTitle></CardHeader>
          <CardContent className="grid gap-3">
            <p className="text-sm">
              {t("ledger.balance")}: <BalanceText value={customer.balance} className="text-lg font-semibold" />
            </p>
            {canEdit && !deleted && <LedgerForm customerId={customer.id} balance={customer.balance} />}
            {ledger.length === 0 ? (
              <p className="text-sm text-muted-foreground">{t("detail.noLedger")}</p>
            ) : (
              <ul className="grid gap-1 text-sm" data-testid="ledger-list">
                {ledger.map((e) => (
                  <li key={e.id} className="flex justify-between gap-2 border-b py-1 last:border-0">
                    <span className="min-w-0">
                      <span className="block truncate">{e.description}</span>
                      <span className="text-xs text-muted-foreground">{t(`ledger.types.${e.entryType}`)} · {formatDateTime(e.createdAt)}</span>
                    </span>
                    <span className="text-right tabular-nums">
                      {e.entryType === "debit" ? "−" : "+"}{formatIDR(Math.abs(e.amount))}
                      <span className="block text-xs text-muted-foreground">{formatIDR(e.newBalance)}</span>
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
        <Card className="lg:col-span-2">
          <CardHeader><CardTitle>{t("detail.timeline")}</CardTitle></CardHeader>
          <CardContent>
            {canEdit && !deleted && <ActivityForm customerId={customer.id} />}
            <Timeline activities={activities} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader><CardTitle>{t("detail.notes")}</CardTitle></CardHeader>
          <CardContent className="grid gap-3">
            {canEdit && !deleted && <NoteForm customerId={customer.id} />}
            {notes.length === 0 ? (
              <p className="text-sm text-muted-foreground">{t("detail.noNotes")}</p>
            ) : (
              <ul className="grid gap-2" data-testid="note-list">
                {notes.map((n) => (
                  <li key={n.id} className="rounded-md border p-2 text-sm">
                    <p className="whitespace-pre-line">{n.body}</p>
                    <p className="mt-1 text-xs text-muted-foreground">
                      {t(`notes.types.${n.note_type}`)}{n.is_internal ? ` · ${t("notes.internal")}` : ""} · {formatDateTime(n.created_at)}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader><CardTitle>{t("detail.contacts")}</CardTitle></CardHeader>
          <CardContent><ContactsPanel customerId={customer.id} contacts={contacts} canEdit={canEdit && !deleted} /></CardContent>
        </Card>
        <Card className="lg:col-span-2">
          <CardHeader><CardTitle>{t("detail.documents")}</CardTitle></CardHeader>
          <CardContent>
            {documents.length === 0 && !canEdit && <p className="text-sm text-muted-foreground">{t("detail.noDocuments")}</p>}
            <DocumentsPanel businessId={active.id} customerId={customer.id} documents={documents} canEdit={canEdit && !deleted} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}

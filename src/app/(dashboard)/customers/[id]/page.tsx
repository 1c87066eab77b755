import { ArrowLeftIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/page-header";
import { CustomerRfmCard } from "@/components/rfm/customer-rfm-card";
import { PrivacySection } from "@/components/privacy/privacy-section";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { NoBusiness } from "@/features/businesses/components/no-business";
import { ActivityForm } from "@/features/customers/components/activity-form";
import { ContactsPanel } from "@/features/customers/components/contacts-panel";
import { CustomerActions } from "@/features/customers/components/customer-actions";
import { CustomerSales } from "@/features/customers/components/customer-sales";
import { BalanceText } from "@/features/customers/components/customer-bits";
import { DocumentsPanel } from "@/features/customers/components/documents-panel";
import { LedgerForm } from "@/features/customers/components/ledger-form";
import { NoteForm } from "@/features/customers/components/note-form";
import { NoteList } from "@/features/customers/components/note-list";
import { TagEditor } from "@/features/customers/components/tag-editor";
import { Timeline } from "@/features/customers/components/timeline";
import { getCustomer, getCustomerLifetime, listActivities, listContacts, listDocuments, listLedger, listNotes, listTags } from "@/features/customers/queries";
import { customerIdParams } from "@/features/customers/schema";
import { RecordSaleButton } from "@/features/transactions/components/sale-dialogs";
import { getActiveBusiness, getSupabase, getUser, roleAtLeast } from "@/lib/auth/session";
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
  const [customer, lifetime, activities, notes, ledger, documents, contacts, allTags, user, t] = await Promise.all([
    getCustomer(supabase, where), getCustomerLifetime(supabase, where), listActivities(supabase, child),
    listNotes(supabase, child), listLedger(supabase, { ...child, limit: 50 }), listDocuments(supabase, child),
    listContacts(supabase, child), listTags(supabase, active.id), getUser(), getTranslations("customers"),
  ]);
  if (!customer) notFound();
  const canEdit = roleAtLeast(active.role, "staff");
  const deleted = customer.deletedAt !== null;
  const live = canEdit && !deleted;
  const actions = canEdit && (
    <>
      {!deleted && <RecordSaleButton customer={{ id: customer.id, name: customer.name }} />}
      <CustomerActions id={customer.id} updatedAt={customer.updatedAt} deleted={deleted} />
    </>
  );
  const profile: [string, string | null][] = [
    [t("fields.whatsapp"), customer.whatsapp ? formatPhone(customer.whatsapp) : null],
    [t("fields.phone"), customer.phone ? formatPhone(customer.phone) : null],
    [t("fields.email"), customer.email],
    [t("fields.address"), customer.address],
    [t("fields.city"), customer.city],
    [t("fields.type"), t(`types.${customer.type}`)],
    [t("fields.createdAt"), formatDate(customer.createdAt)],
  ];
  const figures: [string, string, string][] = [
    ["count", t("detail.transactions"), String(lifetime.transactionsCount)],
    ["total", t("detail.totalSpent"), formatIDR(lifetime.totalSpent)],
    ["average", t("detail.averageOrder"), formatIDR(lifetime.averageOrder)],
    ["first", t("detail.firstPurchase"), lifetime.firstPurchaseDate ? formatDate(lifetime.firstPurchaseDate) : t("detail.noPurchase")],
    ["last", t("detail.lastPurchase"), lifetime.lastPurchaseDate ? formatDate(lifetime.lastPurchaseDate) : t("detail.noPurchase")],
  ];

  return (
    <>
      <Link href="/customers" className="mb-2 inline-flex items-center gap-1 text-sm text-muted-foreground hover:underline">
        <ArrowLeftIcon className="size-4" /> {t("back")}
      </Link>
      <PageHeader title={customer.name} actions={actions} />
      <div className="-mt-4 mb-4 flex flex-wrap items-center gap-2" data-testid="customer-status">
        <Badge variant="outline">{deleted ? t("statuses.deleted") : t(`statuses.${customer.status}`)}</Badge>
      </div>
      {deleted && (
        <Alert variant="destructive" className="mb-4" data-testid="deleted-banner">
          <AlertDescription>{t("detail.deletedBanner", { reason: customer.deletedReason ?? "" })}</AlertDescription>
        </Alert>
      )}
      <div className="grid gap-4 lg:grid-cols-3">
        <CustomerRfmCard businessId={active.id} customerId={customer.id} />
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
          <CardHeader><CardTitle>{t("detail.tags")}</CardTitle></CardHeader>
          <CardContent><TagEditor customerId={customer.id} tags={customer.tags} allTags={allTags} canEdit={live} /></CardContent>
        </Card>
        <Card>
          <CardHeader><CardTitle>{t("detail.lifetime")}</CardTitle></CardHeader>
          <CardContent>
            <dl className="grid gap-2 text-sm" data-testid="customer-lifetime">
              {figures.map(([key, label, value]) => (
                <div key={key} className="flex justify-between gap-2">
                  <dt className="text-muted-foreground">{label}</dt>
                  <dd className="tabular-nums" data-testid={`lifetime-${key}`}>{value}</dd>
                </div>
              ))}
            </dl>
            <p className="mt-2 text-xs text-muted-foreground">{t("detail.liveFigures")}</p>
          </CardContent>
        </Card>
        <Card>
          <CardHeader><CardTitle>{t("detail.ledger")}</CardTitle></CardHeader>
          <CardContent className="grid gap-3">
            <p className="text-sm">
              {t("ledger.balance")}: <BalanceText value={customer.balance} className="text-lg font-semibold" />
            </p>
            {live && <LedgerForm customerId={customer.id} balance={customer.balance} />}
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
        <CustomerSales supabase={supabase} businessId={active.id} customerId={customer.id} className="lg:col-span-2" />
        <Card className="lg:col-span-2">
          <CardHeader><CardTitle>{t("detail.timeline")}</CardTitle></CardHeader>
          <CardContent>
            {live && <ActivityForm customerId={customer.id} />}
            <Timeline activities={activities} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader><CardTitle>{t("detail.notes")}</CardTitle></CardHeader>
          <CardContent className="grid gap-3">
            {live && <NoteForm customerId={customer.id} />}
            <NoteList notes={notes} userId={user?.id ?? ""} canManageAll={roleAtLeast(active.role, "admin")} canEdit={live} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader><CardTitle>{t("detail.contacts")}</CardTitle></CardHeader>
          <CardContent><ContactsPanel customerId={customer.id} contacts={contacts} canEdit={live} /></CardContent>
        </Card>
        <Card className="lg:col-span-2">
          <CardHeader><CardTitle>{t("detail.documents")}</CardTitle></CardHeader>
          <CardContent>
            {documents.length === 0 && !canEdit && <p className="text-sm text-muted-foreground">{t("detail.noDocuments")}</p>}
            <DocumentsPanel businessId={active.id} customerId={customer.id} documents={documents} canEdit={live} canDelete={live && roleAtLeast(active.role, "admin")} />
          </CardContent>
        </Card>
        <PrivacySection customerId={customer.id} name={customer.name} />
      </div>
    </>
  );
}

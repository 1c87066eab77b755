import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/page-header";
import { CustomerForm } from "@/features/customers/components/customer-form";
import { getCustomer } from "@/features/customers/queries";
import { customerIdParams } from "@/features/customers/schema";
import { getSupabase, requireRole } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("customers");
  return { title: t("editTitle") };
}

export default async function EditCustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const parsed = customerIdParams.safeParse(await params);
  if (!parsed.success) notFound();
  const active = await requireRole("staff");
  const customer = await getCustomer(await getSupabase(), { businessId: active.id, id: parsed.data.id });
  if (!customer || customer.deletedAt) notFound();
  const t = await getTranslations("customers");
  return (
    <>
      <PageHeader title={t("editTitle")} description={customer.name} />
      <CustomerForm customer={customer} />
    </>
  );
}

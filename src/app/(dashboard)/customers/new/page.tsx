import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/page-header";
import { CustomerForm } from "@/features/customers/components/customer-form";
import { requireRole } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("customers");
  return { title: t("newTitle") };
}

export default async function NewCustomerPage() {
  await requireRole("staff");
  const t = await getTranslations("customers");
  return (
    <>
      <PageHeader title={t("newTitle")} />
      <CustomerForm />
    </>
  );
}

import { BarChart3Icon, MegaphoneIcon, PenLineIcon, ReceiptTextIcon, UsersIcon, type LucideIcon } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";

type Area = "customers" | "transactions" | "rfm" | "content" | "campaigns";

const icons: Record<Area, LucideIcon> = {
  customers: UsersIcon,
  transactions: ReceiptTextIcon,
  rfm: BarChart3Icon,
  content: PenLineIcon,
  campaigns: MegaphoneIcon,
};

/**
 * Placeholder for an area whose feature has not shipped: it says plainly what will appear
 * here instead of showing sample data.
 */
export async function ComingSoon({ area }: { area: Area }) {
  const t = await getTranslations();
  return (
    <>
      <PageHeader title={t(`shell.nav.${area}`)} />
      <EmptyState
        icon={icons[area]}
        badge={t("common.comingSoon")}
        title={t(`empty.${area}Title`)}
        description={t(`empty.${area}Body`)}
        testId={`empty-${area}`}
      />
    </>
  );
}

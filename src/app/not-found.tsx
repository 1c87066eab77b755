import { CompassIcon } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";

export default async function NotFound() {
  const t = await getTranslations("errors");
  return (
    <div className="flex min-h-[60dvh] items-center justify-center p-4">
      <EmptyState icon={CompassIcon} title={t("notFoundTitle")} description={t("notFoundBody")} testId="not-found" className="max-w-md">
        <Button asChild>
          <Link href="/">{t("backHome")}</Link>
        </Button>
      </EmptyState>
    </div>
  );
}

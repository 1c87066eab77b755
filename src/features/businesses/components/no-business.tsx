"use client";

import { PlusIcon, StoreIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";
import { CreateBusinessDialog } from "./create-business-dialog";

/** Shown when the user belongs to no business (e.g. removed from their only team). */
export function NoBusiness() {
  const t = useTranslations("shell");
  const [open, setOpen] = useState(false);
  return (
    <>
      <EmptyState icon={StoreIcon} title={t("noBusiness.title")} description={t("noBusiness.body")} testId="no-business">
        <Button onClick={() => setOpen(true)} data-testid="no-business-create">
          <PlusIcon />
          {t("switcher.create")}
        </Button>
      </EmptyState>
      <CreateBusinessDialog open={open} onOpenChange={setOpen} />
    </>
  );
}

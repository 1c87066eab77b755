"use client";

import { CheckIcon, ChevronsUpDownIcon, PlusIcon, StoreIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import type { Membership } from "@/lib/auth/memberships";
import { switchBusiness } from "../actions";
import { CreateBusinessDialog } from "./create-business-dialog";

/** Header control listing the user's businesses; picking one makes it the active tenant. */
export function BusinessSwitcher({ businesses, activeId }: { businesses: Membership[]; activeId: string | null }) {
  const t = useTranslations();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [createOpen, setCreateOpen] = useState(false);
  const active = businesses.find((b) => b.id === activeId);

  const choose = (business: Membership) => {
    if (business.id === activeId) return;
    startTransition(async () => {
      const result = await switchBusiness({ businessId: business.id });
      if (!result.success) {
        toast.error(result.error.message);
        return;
      }
      toast.success(t("shell.switcher.switched", { name: business.name }));
      router.refresh();
    });
  };

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button
            variant="outline"
            className="h-10 max-w-[55vw] justify-between gap-2 px-3 sm:max-w-xs"
            aria-label={t("shell.switcher.label")}
            disabled={pending}
            data-testid="business-switcher"
          >
            <StoreIcon className="text-muted-foreground" />
            <span className="truncate" data-testid="business-switcher-current">
              {active?.name ?? t("shell.switcher.noBusiness")}
            </span>
            <ChevronsUpDownIcon className="text-muted-foreground" />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start" className="w-72" data-testid="business-switcher-menu">
          <DropdownMenuLabel className="text-xs font-normal text-muted-foreground">{t("shell.switcher.heading")}</DropdownMenuLabel>
          {businesses.map((business) => (
            <DropdownMenuItem
              key={business.id}
              onSelect={() => choose(business)}
              data-testid="business-switcher-item"
              data-business-id={business.id}
              aria-current={business.id === activeId ? "true" : undefined}
            >
              <CheckIcon className={business.id === activeId ? "opacity-100" : "opacity-0"} />
              <span className="min-w-0 flex-1 truncate">{business.name}</span>
              <Badge variant="outline" className="font-normal">
                {t(`roles.${business.role}`)}
              </Badge>
            </DropdownMenuItem>
          ))}
          {businesses.length > 0 && <DropdownMenuSeparator />}
          <DropdownMenuItem onSelect={() => setCreateOpen(true)} data-testid="business-create">
            <PlusIcon />
            {t("shell.switcher.create")}
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <CreateBusinessDialog open={createOpen} onOpenChange={setCreateOpen} />
    </>
  );
}

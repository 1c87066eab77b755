"use client";

import { MenuIcon } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { LocaleSwitcher } from "@/components/locale-switcher";
import { Sheet, SheetContent, SheetHeader, SheetTitle, SheetTrigger } from "@/components/ui/sheet";
import { cn } from "@/components/utils";
import { adminNav, bottomNavKeys, isActive, mainNav, type NavKey } from "../nav";
import { NavLinks } from "./nav-links";

/** Labels that fit under an icon on a 360px-wide phone. */
const shortLabel: Partial<Record<NavKey, "rfmShort">> = { rfm: "rfmShort" };

const itemClass =
  "flex min-w-0 flex-1 flex-col items-center justify-center gap-0.5 px-1 text-[11px] font-medium text-muted-foreground transition-colors";

/**
 * Phone navigation: the four most used areas within thumb reach, plus "More" opening a
 * bottom sheet with everything. Hidden from md up, where the sidebar takes over.
 */
export function BottomNav({ superAdmin }: { superAdmin: boolean }) {
  const t = useTranslations("shell.nav");
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const primary = mainNav.filter((item) => bottomNavKeys.includes(item.key));
  const moreActive = !primary.some((item) => isActive(pathname, item.href));

  return (
    <nav
      aria-label={t("label")}
      data-testid="bottom-nav"
      className="fixed inset-x-0 bottom-0 z-40 border-t bg-background/95 pb-[env(safe-area-inset-bottom)] backdrop-blur md:hidden"
    >
      <div className="flex h-16 items-stretch">
        {primary.map(({ key, href, icon: Icon }) => {
          const active = isActive(pathname, href);
          return (
            <Link
              key={key}
              href={href}
              aria-current={active ? "page" : undefined}
              data-testid={`bottom-nav-${key}`}
              className={cn(itemClass, active && "text-primary")}
            >
              <Icon className="size-5" aria-hidden="true" />
              <span className="max-w-full truncate">{t(shortLabel[key] ?? key)}</span>
            </Link>
          );
        })}
        <Sheet open={open} onOpenChange={setOpen}>
          <SheetTrigger className={cn(itemClass, moreActive && "text-primary")} data-testid="bottom-nav-more">
            <MenuIcon className="size-5" aria-hidden="true" />
            <span>{t("more")}</span>
          </SheetTrigger>
          <SheetContent side="bottom" data-testid="mobile-nav-sheet" className="pb-[calc(1rem+env(safe-area-inset-bottom))]">
            <SheetHeader className="pb-0">
              <SheetTitle>{t("label")}</SheetTitle>
            </SheetHeader>
            <div className="px-3">
              <NavLinks items={mainNav} onNavigate={() => setOpen(false)} />
              {superAdmin && (
                <div className="mt-4 border-t pt-3">
                  <p className="mb-1 px-3 text-xs font-semibold tracking-wide text-muted-foreground uppercase">
                    {t("platform")}
                  </p>
                  <NavLinks items={adminNav} onNavigate={() => setOpen(false)} />
                </div>
              )}
              <div className="mt-4 border-t px-3 pt-4">
                <LocaleSwitcher />
              </div>
            </div>
          </SheetContent>
        </Sheet>
      </div>
    </nav>
  );
}

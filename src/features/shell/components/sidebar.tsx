"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { Logo } from "@/components/brand/logo";
import { adminNav, mainNav } from "../nav";
import { NavLinks } from "./nav-links";

/** Desktop navigation (md and up). Phones use the bottom bar instead. */
export function Sidebar({ superAdmin }: { superAdmin: boolean }) {
  const t = useTranslations();
  return (
    <aside className="sticky top-0 hidden h-dvh w-64 shrink-0 flex-col border-r bg-sidebar md:flex">
      <div className="flex h-14 items-center border-b px-4">
        <Link href="/dashboard" aria-label={t("common.appName")}>
          <Logo label={t("common.appName")} className="text-sm whitespace-nowrap" />
        </Link>
      </div>
      <nav aria-label={t("shell.nav.label")} data-testid="sidebar-nav" className="flex-1 overflow-y-auto p-3">
        <NavLinks items={mainNav} />
        {superAdmin && (
          <div className="mt-6">
            <p className="mb-1 px-3 text-xs font-semibold tracking-wide text-muted-foreground uppercase">
              {t("shell.nav.platform")}
            </p>
            <NavLinks items={adminNav} />
          </div>
        )}
      </nav>
    </aside>
  );
}

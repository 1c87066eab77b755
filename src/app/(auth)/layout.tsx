import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { BatikPattern } from "@/components/brand/batik-pattern";
import { Logo } from "@/components/brand/logo";
import { LocaleSwitcher } from "@/components/locale-switcher";
import { ThemeToggle } from "@/components/theme-toggle";

/** Sign-in, sign-up, recovery and invitation pages: one centred card on a batik texture. */
export default async function AuthLayout({ children }: { children: ReactNode }) {
  const t = await getTranslations("common");
  return (
    <div className="relative flex min-h-dvh flex-col overflow-hidden bg-muted/40">
      <BatikPattern className="text-batik/20 dark:text-batik/10" />
      <header className="relative flex h-14 items-center justify-between px-4">
        <Link href="/" aria-label={t("appName")}>
          {/* The short name keeps the header on one line on a 360px phone. */}
          <Logo label="SMA" className="sm:hidden" />
          <Logo label={t("appName")} className="hidden text-sm sm:inline-flex" />
        </Link>
        <div className="flex items-center gap-1">
          <LocaleSwitcher />
          <ThemeToggle />
        </div>
      </header>
      <main className="relative flex flex-1 items-start justify-center px-4 pt-4 pb-10 sm:items-center sm:pt-0">{children}</main>
    </div>
  );
}

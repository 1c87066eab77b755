import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LogoMark } from "@/components/brand/logo";
import { ThemeToggle } from "@/components/theme-toggle";
import { BusinessSwitcher } from "@/features/businesses/components/business-switcher";
import type { Membership } from "@/lib/auth/memberships";
import type { ShellUser } from "../types";
import { UserMenu } from "./user-menu";

/** Top bar: business switcher first (it decides what every page shows), account on the right. */
export async function AppHeader({ businesses, activeId, user }: { businesses: Membership[]; activeId: string | null; user: ShellUser }) {
  const t = await getTranslations("shell.nav");
  return (
    <header
      className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b bg-background/90 px-3 backdrop-blur sm:px-4"
      data-testid="app-header"
    >
      <Link href="/dashboard" className="md:hidden" aria-label={t("dashboard")}>
        <LogoMark />
      </Link>
      <BusinessSwitcher businesses={businesses} activeId={activeId} />
      <div className="ml-auto flex items-center gap-1">
        <div className="hidden sm:block">
          <ThemeToggle />
        </div>
        <UserMenu user={user} />
      </div>
    </header>
  );
}

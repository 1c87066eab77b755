import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { getProfile } from "@/features/auth/queries";
import { AppHeader } from "@/features/shell/components/app-header";
import { BottomNav } from "@/features/shell/components/bottom-nav";
import { Sidebar } from "@/features/shell/components/sidebar";
import { getActiveBusiness, getMemberships, getSupabase, isSuperAdmin, requireUser } from "@/lib/auth/session";

/**
 * The signed-in app. The proxy already redirects signed-out visitors, but this layout
 * checks the verified user again on the server (defence in depth): a misconfigured
 * matcher must not expose a page.
 */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const [memberships, active, superAdmin, profile, t] = await Promise.all([
    getMemberships(),
    getActiveBusiness(),
    isSuperAdmin(),
    getSupabase().then((client) => getProfile(client, user.id)),
    getTranslations("shell"),
  ]);
  const shellUser = { id: user.id, email: user.email ?? "", fullName: profile?.fullName ?? user.email ?? "" };

  return (
    <div className="flex min-h-dvh">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-background focus:px-3 focus:py-2 focus:shadow"
      >
        {t("skipToContent")}
      </a>
      <Sidebar superAdmin={superAdmin} />
      <div className="flex min-w-0 flex-1 flex-col">
        <AppHeader businesses={memberships} activeId={active?.id ?? null} user={shellUser} />
        {/* Bottom padding keeps the last row clear of the phone bottom navigation. */}
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 pt-6 pb-28 md:px-6 md:pb-10">
          {children}
        </main>
      </div>
      <BottomNav superAdmin={superAdmin} />
    </div>
  );
}

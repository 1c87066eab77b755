import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { getProfile } from "@/features/auth/queries";
import { getActiveBusiness, getMemberships, getSupabase, isSuperAdmin, type SessionUser } from "@/lib/auth/session";
import { AppHeader } from "./app-header";
import { BottomNav } from "./bottom-nav";
import { Sidebar } from "./sidebar";

/**
 * The signed-in frame: sidebar on desktop, bottom navigation on phones, header with the
 * business switcher and account menu. Callers verify the user first.
 */
export async function AppShell({ user, children }: { user: SessionUser; children: ReactNode }) {
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

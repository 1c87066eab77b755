import type { ReactNode } from "react";
import { AppShell } from "@/features/shell/components/app-shell";
import { requireUser } from "@/lib/auth/session";

/**
 * The signed-in app. The proxy already redirects signed-out visitors, but this layout
 * checks the verified user again on the server (defence in depth): a misconfigured
 * matcher must not expose a page.
 */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return <AppShell user={user}>{children}</AppShell>;
}

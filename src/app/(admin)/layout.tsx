import { ShieldCheckIcon } from "lucide-react";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { AppShell } from "@/features/shell/components/app-shell";
import { isSuperAdmin, requireUser } from "@/lib/auth/session";

/**
 * Platform operator pages (/admin/*). For anyone else they do not exist: 404, not 403.
 * A route group of its own, outside (dashboard), so the check runs before any loading
 * boundary streams and the response really carries status 404.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  if (!(await isSuperAdmin())) notFound();
  const t = await getTranslations("admin");
  return (
    <AppShell user={user}>
      <Badge variant="batik" className="mb-3">
        <ShieldCheckIcon />
        {t("badge")}
      </Badge>
      {children}
    </AppShell>
  );
}

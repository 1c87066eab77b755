import { ShieldCheckIcon } from "lucide-react";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { isSuperAdmin } from "@/lib/auth/session";

/** Platform operator pages. For anyone else they do not exist (404, not 403). */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  if (!(await isSuperAdmin())) notFound();
  const t = await getTranslations("admin");
  return (
    <>
      <Badge variant="batik" className="mb-3">
        <ShieldCheckIcon />
        {t("badge")}
      </Badge>
      {children}
    </>
  );
}

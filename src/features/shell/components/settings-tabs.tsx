"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { cn } from "@/components/utils";

const tabs = [
  { key: "business", href: "/settings" },
  { key: "members", href: "/settings/members" },
] as const;

/** Sub-navigation of /settings; scrolls sideways on narrow phones instead of wrapping. */
export function SettingsTabs() {
  const t = useTranslations("settings.tabs");
  const pathname = usePathname();
  return (
    <nav className="-mx-4 mb-6 overflow-x-auto border-b px-4" aria-label={t("business")}>
      <ul className="flex gap-1">
        {tabs.map(({ key, href }) => {
          const active = pathname === href;
          return (
            <li key={key}>
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                data-testid={`settings-tab-${key}`}
                className={cn(
                  "inline-flex h-10 items-center border-b-2 border-transparent px-3 text-sm font-medium whitespace-nowrap text-muted-foreground hover:text-foreground",
                  active && "border-primary text-foreground",
                )}
              >
                {t(key)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { cn } from "@/components/utils";

const TABS = [
  { key: "overview", href: "/rfm" },
  { key: "movement", href: "/rfm/movement" },
  { key: "settings", href: "/rfm/settings" },
] as const;

/** The analysis area's sections; scrolls sideways on a narrow phone instead of wrapping. */
export async function RfmTabs({ active }: { active: (typeof TABS)[number]["key"] }) {
  const t = await getTranslations("rfm.tabs");
  return (
    <nav aria-label={t("label")} className="-mt-2 mb-6 overflow-x-auto border-b" data-testid="rfm-tabs">
      <ul className="flex min-w-max gap-1">
        {TABS.map((tab) => (
          <li key={tab.key}>
            <Link
              href={tab.href}
              aria-current={tab.key === active ? "page" : undefined}
              className={cn(
                "inline-flex h-10 items-center border-b-2 px-3 text-sm font-medium",
                tab.key === active ? "border-primary text-foreground" : "border-transparent text-muted-foreground hover:text-foreground",
              )}
              data-testid={`rfm-tab-${tab.key}`}
            >
              {t(tab.key)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

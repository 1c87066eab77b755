"use client";

import { LanguagesIcon } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/utils";
import { setLocale } from "@/i18n/actions";
import { locales, type AppLocale } from "@/i18n/config";

/**
 * Compact ID | EN toggle for headers and auth pages. The server action stores the
 * cookie and re-renders the route, so no full reload is needed.
 */
export function LocaleSwitcher({ className }: { className?: string }) {
  const t = useTranslations("locale");
  const current = useLocale();
  const [pending, startTransition] = useTransition();

  const choose = (locale: AppLocale) => {
    if (locale === current) return;
    startTransition(() => setLocale(locale));
  };

  return (
    <div
      role="group"
      aria-label={t("switchTo")}
      data-testid="locale-switcher"
      className={cn("inline-flex items-center gap-0.5 rounded-md border p-0.5", className)}
    >
      <LanguagesIcon className="mx-1 size-4 text-muted-foreground" aria-hidden="true" />
      {locales.map((locale) => (
        <Button
          key={locale}
          type="button"
          size="sm"
          variant={locale === current ? "secondary" : "ghost"}
          className="h-7 px-2 text-xs uppercase"
          aria-pressed={locale === current}
          aria-label={t(locale)}
          disabled={pending}
          data-testid={`locale-${locale}`}
          onClick={() => choose(locale)}
        >
          {locale}
        </Button>
      ))}
    </div>
  );
}

import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Logo } from "@/components/brand/logo";
import { LocaleSwitcher } from "@/components/locale-switcher";
import { Button } from "@/components/ui/button";

export async function LandingHeader() {
  const t = await getTranslations();
  return (
    <header className="sticky top-0 z-40 border-b bg-background/85 backdrop-blur supports-[backdrop-filter]:bg-background/70">
      <div className="mx-auto flex h-14 max-w-6xl items-center justify-between gap-2 px-4">
        <Link href="/" className="min-w-0" aria-label={t("common.appName")}>
          {/* The short name keeps the header on one line on a 360px phone. */}
          <Logo label="SMA" className="sm:hidden" />
          <Logo label={t("common.appName")} className="hidden sm:inline-flex" />
        </Link>
        <div className="flex items-center gap-2">
          <LocaleSwitcher className="hidden sm:inline-flex" />
          <Button asChild variant="ghost" size="sm" data-testid="landing-login">
            <Link href="/login">{t("landing.nav.login")}</Link>
          </Button>
          <Button asChild size="sm" data-testid="landing-register">
            <Link href="/register">{t("landing.nav.register")}</Link>
          </Button>
        </div>
      </div>
    </header>
  );
}

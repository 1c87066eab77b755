import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { BatikPattern } from "@/components/brand/batik-pattern";
import { LocaleSwitcher } from "@/components/locale-switcher";
import { Button } from "@/components/ui/button";

export async function ClosingCta() {
  const t = await getTranslations("landing");
  return (
    <>
      <section className="relative overflow-hidden bg-primary text-primary-foreground">
        <BatikPattern className="text-primary-foreground/10" />
        <div className="relative mx-auto flex max-w-3xl flex-col items-center gap-4 px-4 py-14 text-center">
          <h2 className="text-2xl font-bold tracking-tight sm:text-3xl">{t("cta.title")}</h2>
          <p className="text-primary-foreground/85">{t("cta.body")}</p>
          <Button asChild size="lg" variant="secondary">
            <Link href="/register">{t("cta.button")}</Link>
          </Button>
        </div>
      </section>
      <footer className="mx-auto flex max-w-6xl flex-col items-center gap-3 px-4 py-6 text-sm text-muted-foreground sm:flex-row sm:justify-between">
        <span>{t("footer", { year: new Date().getFullYear() })}</span>
        <LocaleSwitcher />
      </footer>
    </>
  );
}

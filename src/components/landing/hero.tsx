import { ArrowRightIcon } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { BatikPattern } from "@/components/brand/batik-pattern";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";

export async function Hero() {
  const t = await getTranslations("landing.hero");
  return (
    <section className="relative overflow-hidden border-b">
      <BatikPattern className="text-batik/25 [mask-image:linear-gradient(to_bottom,black,transparent)]" />
      <div className="relative mx-auto flex max-w-3xl flex-col items-center gap-6 px-4 py-16 text-center sm:py-24">
        <Badge variant="batik" className="text-sm">
          {t("eyebrow")}
        </Badge>
        <h1 className="text-3xl font-bold tracking-tight text-balance sm:text-5xl">{t("title")}</h1>
        <p className="max-w-2xl text-base text-pretty text-muted-foreground sm:text-lg">{t("body")}</p>
        <div className="flex w-full flex-col gap-3 sm:w-auto sm:flex-row">
          <Button asChild size="lg" data-testid="hero-register">
            <Link href="/register">
              {t("ctaPrimary")}
              <ArrowRightIcon />
            </Link>
          </Button>
          <Button asChild size="lg" variant="outline">
            <Link href="/login">{t("ctaSecondary")}</Link>
          </Button>
        </div>
      </div>
    </section>
  );
}

import { CrownIcon, MessageCircleIcon, TrendingDownIcon, type LucideIcon } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";

type QuestionKey = "best" | "slipping" | "today";

const questions: Array<{ key: QuestionKey; icon: LucideIcon; tone: string }> = [
  { key: "best", icon: CrownIcon, tone: "bg-batik/20 text-batik-foreground dark:text-batik" },
  { key: "slipping", icon: TrendingDownIcon, tone: "bg-destructive/10 text-destructive" },
  { key: "today", icon: MessageCircleIcon, tone: "bg-secondary text-secondary-foreground" },
];

export async function Questions() {
  const t = await getTranslations("landing.questions");
  return (
    <section className="mx-auto max-w-6xl px-4 py-14 sm:py-20">
      <h2 className="mb-8 text-center text-2xl font-bold tracking-tight sm:text-3xl">{t("title")}</h2>
      <div className="grid gap-4 md:grid-cols-3">
        {questions.map(({ key, icon: Icon, tone }) => (
          <Card key={key}>
            <CardHeader className="gap-3">
              <span className={`flex size-11 items-center justify-center rounded-lg ${tone}`}>
                <Icon className="size-5" aria-hidden="true" />
              </span>
              <CardTitle className="text-lg">{t(`${key}Title`)}</CardTitle>
            </CardHeader>
            <CardContent className="text-muted-foreground">{t(`${key}Body`)}</CardContent>
          </Card>
        ))}
      </div>
    </section>
  );
}

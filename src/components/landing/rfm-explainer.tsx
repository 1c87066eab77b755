import { getTranslations } from "next-intl/server";

const letters = [
  { letter: "R", word: "Recency", key: "r" },
  { letter: "F", word: "Frequency", key: "f" },
  { letter: "M", word: "Monetary", key: "m" },
] as const;

export async function RfmExplainer() {
  const t = await getTranslations("landing.rfm");
  return (
    <section className="border-y bg-muted/50">
      <div className="mx-auto max-w-4xl px-4 py-14 sm:py-20">
        <h2 className="text-center text-2xl font-bold tracking-tight sm:text-3xl">{t("title")}</h2>
        <p className="mx-auto mt-3 max-w-2xl text-center text-muted-foreground">{t("intro")}</p>
        <ol className="mt-8 grid gap-4 sm:grid-cols-3">
          {letters.map(({ letter, word, key }) => (
            <li key={letter} className="rounded-xl border bg-card p-5">
              <div className="flex items-baseline gap-2">
                <span className="text-3xl font-bold text-primary">{letter}</span>
                <span className="text-sm text-muted-foreground" lang="en">
                  {word}
                </span>
              </div>
              <p className="mt-2 font-semibold">{t(`${key}Label`)}</p>
              <p className="mt-1 text-sm text-muted-foreground">{t(`${key}Body`)}</p>
            </li>
          ))}
        </ol>
        <p className="mx-auto mt-8 max-w-3xl text-center text-pretty">{t("outro")}</p>
      </div>
    </section>
  );
}

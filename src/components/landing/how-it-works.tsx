import { getTranslations } from "next-intl/server";

const steps = ["one", "two", "three"] as const;

export async function HowItWorks() {
  const t = await getTranslations("landing");
  return (
    <section className="mx-auto max-w-6xl px-4 py-14 sm:py-20">
      <h2 className="mb-8 text-center text-2xl font-bold tracking-tight sm:text-3xl">{t("steps.title")}</h2>
      <ol className="grid gap-6 md:grid-cols-3">
        {steps.map((step, index) => (
          <li key={step} className="flex gap-4">
            <span
              className="flex size-9 shrink-0 items-center justify-center rounded-full bg-primary font-semibold text-primary-foreground"
              aria-hidden="true"
            >
              {index + 1}
            </span>
            <div>
              <p className="font-semibold">{t(`steps.${step}Title`)}</p>
              <p className="mt-1 text-muted-foreground">{t(`steps.${step}Body`)}</p>
            </div>
          </li>
        ))}
      </ol>
      <div className="mx-auto mt-14 max-w-2xl rounded-xl border border-dashed p-6 text-center">
        <h3 className="font-semibold">{t("audience.title")}</h3>
        <p className="mt-2 text-muted-foreground">{t("audience.body")}</p>
      </div>
    </section>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useTransition } from "react";
import { useForm, useFormState, type Control, type FieldPath } from "react-hook-form";
import { toast } from "sonner";
import { saveRfmSettingsAction } from "@/app/(dashboard)/rfm/actions";
import { FormError } from "@/components/forms/form-error";
import { applyServerError } from "@/components/forms/server-error";
import { Button } from "@/components/ui/button";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/features/customers/components/customer-bits";
import { DEFAULT_RFM_SETTINGS, RETENTION_WEEKS, SCORING_MODES, WINDOW_DAYS, type RfmSettings, type RfmSettingsInput } from "@/lib/rfm/settings";
import { settingsResolver, type SettingsOutput } from "./settings-resolver";

type EdgeField = "recencyEdges" | "frequencyEdges" | "monetaryEdges";
const EDGE_FIELDS: EdgeField[] = ["recencyEdges", "frequencyEdges", "monetaryEdges"];
const EDGE_LABEL = { recencyEdges: "recency", frequencyEdges: "frequency", monetaryEdges: "monetary" } as const;
const SCORES = [5, 4, 3, 2] as const;

/** The form edits strings (what inputs hold); the shared schema turns them into numbers. */
function toForm(s: RfmSettings): RfmSettingsInput {
  return {
    windowDays: String(s.windowDays),
    scoringMode: s.scoringMode,
    recencyEdges: s.recencyEdges.map(String),
    frequencyEdges: s.frequencyEdges.map(String),
    monetaryEdges: s.monetaryEdges.map(String),
    retentionWeeks: String(s.retentionWeeks),
  };
}

/** The error of a whole edge list (the schema reports the four numbers together). */
function EdgeError({ control, name }: { control: Control<RfmSettingsInput, unknown, SettingsOutput>; name: EdgeField }) {
  const { errors } = useFormState({ control, name });
  const error = errors[name] as { message?: string; root?: { message?: string } } | undefined;
  const message = error?.message ?? error?.root?.message;
  if (!message) return null;
  return (
    <p role="alert" className="text-sm text-destructive" data-testid={`field-error-${name}`}>
      {message}
    </p>
  );
}

/**
 * RFM settings with react-hook-form and the engine's zod schema (the same rules the server
 * and update_rfm_settings check). Admin+ may save; others see the values read-only.
 */
export function RfmSettingsForm({ settings, canEdit }: { settings: RfmSettings; canEdit: boolean }) {
  const t = useTranslations("rfm.settings");
  const locale = useLocale() === "en" ? "en" : "id";
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const form = useForm<RfmSettingsInput, unknown, SettingsOutput>({ resolver: settingsResolver(locale), defaultValues: toForm(settings) });

  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await saveRfmSettingsAction(values);
      if (!result.success) {
        applyServerError(form, result.error);
        return;
      }
      form.reset(toForm(result.data));
      toast.success(t("saved"));
      router.refresh();
    }),
  );

  return (
    <Form {...form}>
      <form onSubmit={onSubmit} className="grid max-w-2xl gap-6" noValidate data-testid="rfm-settings-form">
        <FormError control={form.control} />
        <fieldset disabled={!canEdit || pending} className="grid gap-6">
          <FormField
            control={form.control}
            name="windowDays"
            render={({ field }) => (
              <FormItem>
                <FormLabel>{t("window")}</FormLabel>
                <FormControl>
                  <NativeSelect {...field} value={String(field.value ?? "")} data-testid="input-windowDays">
                    {WINDOW_DAYS.map((d) => <option key={d} value={String(d)}>{t("windowDays", { days: d })}</option>)}
                  </NativeSelect>
                </FormControl>
                <FormDescription>{t("windowHint")}</FormDescription>
                <FormMessage />
              </FormItem>
            )}
          />
          <FormField
            control={form.control}
            name="scoringMode"
            render={({ field }) => (
              <FormItem>
                <FormLabel>{t("mode")}</FormLabel>
                <div role="radiogroup" className="grid gap-2" data-testid="input-scoringMode">
                  {SCORING_MODES.map((mode) => (
                    <label key={mode} className="flex items-start gap-2 rounded-md border p-3 text-sm has-[:checked]:border-primary">
                      <input
                        type="radio"
                        name={field.name}
                        value={mode}
                        checked={field.value === mode}
                        onChange={() => field.onChange(mode)}
                        onBlur={field.onBlur}
                        className="mt-0.5 size-4 accent-[var(--color-primary)]"
                        data-testid={`scoring-mode-${mode}`}
                      />
                      {t(`modes.${mode}`)}
                    </label>
                  ))}
                </div>
                <FormMessage />
              </FormItem>
            )}
          />
          <section className="grid gap-3" aria-labelledby="rfm-edges-title">
            <div>
              <h2 id="rfm-edges-title" className="text-sm font-semibold">{t("edges")}</h2>
              <p className="text-sm text-muted-foreground">{t("edgesHint")}</p>
            </div>
            {EDGE_FIELDS.map((name) => (
              <fieldset key={name} className="grid gap-2">
                <legend className="mb-1 text-sm font-medium">{t(EDGE_LABEL[name])}</legend>
                <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
                  {SCORES.map((score, i) => (
                    <FormField
                      key={score}
                      control={form.control}
                      name={`${name}.${i}` as FieldPath<RfmSettingsInput>}
                      render={({ field }) => (
                        <FormItem className="gap-1">
                          <FormLabel className="text-xs text-muted-foreground">{t("score", { score })}</FormLabel>
                          <FormControl>
                            <Input {...field} value={String(field.value ?? "")} inputMode="numeric" data-testid={`input-${name}-${i}`} aria-invalid={undefined} />
                          </FormControl>
                        </FormItem>
                      )}
                    />
                  ))}
                </div>
                <EdgeError control={form.control} name={name} />
              </fieldset>
            ))}
          </section>
          <FormField
            control={form.control}
            name="retentionWeeks"
            render={({ field }) => (
              <FormItem>
                <FormLabel>{t("retention")}</FormLabel>
                <div className="flex items-center gap-2">
                  <FormControl>
                    <Input {...field} value={String(field.value ?? "")} inputMode="numeric" className="w-28" min={RETENTION_WEEKS.min} max={RETENTION_WEEKS.max} data-testid="input-retentionWeeks" />
                  </FormControl>
                  <span className="text-sm text-muted-foreground">{t("weeks")}</span>
                </div>
                <FormDescription>{t("retentionHint")}</FormDescription>
                <FormMessage />
              </FormItem>
            )}
          />
        </fieldset>
        {canEdit && (
          <div className="flex flex-wrap gap-2">
            <Button type="submit" disabled={pending} data-testid="rfm-settings-save">{t("save")}</Button>
            <Button type="button" variant="ghost" disabled={pending} onClick={() => form.reset(toForm(DEFAULT_RFM_SETTINGS))} data-testid="rfm-settings-defaults">
              {t("reset")}
            </Button>
          </div>
        )}
      </form>
    </Form>
  );
}

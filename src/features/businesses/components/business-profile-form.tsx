"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { FormError } from "@/components/forms/form-error";
import { applyServerError } from "@/components/forms/server-error";
import { TextField } from "@/components/forms/text-field";
import { Button } from "@/components/ui/button";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { formatPhone } from "@/lib/phone";
import { updateBusinessProfile } from "../actions";
import type { BusinessProfile } from "../queries";
import { BUSINESS_TIMEZONES, updateBusinessSchema, type UpdateBusinessInput } from "../schema";
import { TIMEZONE_LABEL_KEY } from "../timezones";

function asTimezone(value: string): UpdateBusinessInput["timezone"] {
  return BUSINESS_TIMEZONES.find((tz) => tz === value) ?? "Asia/Jakarta";
}

export function BusinessProfileForm({ business }: { business: BusinessProfile }) {
  const t = useTranslations("settings.business");
  const tc = useTranslations("common");
  const tf = useTranslations("auth.fields");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const form = useForm({
    resolver: zodResolver(updateBusinessSchema),
    defaultValues: {
      businessId: business.id,
      name: business.name,
      whatsapp: formatPhone(business.whatsapp),
      city: business.city ?? "",
      timezone: asTimezone(business.timezone),
    } satisfies UpdateBusinessInput,
  });

  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await updateBusinessProfile(values);
      if (!result.success) {
        applyServerError(form, result.error);
        return;
      }
      toast.success(t("saved"));
      form.reset(form.getValues());
      // The header's business switcher shows the name too.
      router.refresh();
    }),
  );

  return (
    <Form {...form}>
      <form onSubmit={onSubmit} className="grid max-w-xl gap-4" noValidate data-testid="business-profile-form">
        <FormError control={form.control} />
        <TextField control={form.control} name="name" label={t("name")} autoComplete="organization" />
        <TextField
          control={form.control}
          name="whatsapp"
          label={t("whatsapp")}
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          description={tf("whatsappHint")}
        />
        <TextField control={form.control} name="city" label={t("city")} placeholder={t("cityPlaceholder")} autoComplete="address-level2" />
        <FormField
          control={form.control}
          name="timezone"
          render={({ field }) => (
            <FormItem>
              <FormLabel>{t("timezone")}</FormLabel>
              <Select value={field.value} onValueChange={field.onChange}>
                <FormControl>
                  <SelectTrigger className="w-full" data-testid="input-timezone">
                    <SelectValue />
                  </SelectTrigger>
                </FormControl>
                <SelectContent>
                  {BUSINESS_TIMEZONES.map((tz) => (
                    <SelectItem key={tz} value={tz}>
                      {t(TIMEZONE_LABEL_KEY[tz])}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
              <FormDescription>{t("timezoneHint")}</FormDescription>
              <FormMessage />
            </FormItem>
          )}
        />
        <div>
          <Button type="submit" disabled={pending || !form.formState.isDirty} data-testid="business-profile-submit">
            {pending ? tc("saving") : tc("save")}
          </Button>
        </div>
      </form>
    </Form>
  );
}

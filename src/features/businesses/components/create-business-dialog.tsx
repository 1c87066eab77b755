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
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Form } from "@/components/ui/form";
import { createBusiness } from "../actions";
import { createBusinessSchema, type CreateBusinessInput } from "../schema";

/** "Buat usaha baru": the caller becomes its owner and it becomes the active business. */
export function CreateBusinessDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const t = useTranslations();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const form = useForm({
    resolver: zodResolver(createBusinessSchema),
    defaultValues: { name: "", whatsapp: "" } satisfies CreateBusinessInput,
  });

  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await createBusiness(values);
      if (!result.success) {
        applyServerError(form, result.error);
        return;
      }
      toast.success(t("shell.createBusiness.created", { name: result.data.name }));
      form.reset();
      onOpenChange(false);
      router.push("/dashboard");
      router.refresh();
    }),
  );

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent data-testid="create-business-dialog">
        <DialogHeader>
          <DialogTitle>{t("shell.createBusiness.title")}</DialogTitle>
          <DialogDescription>{t("shell.createBusiness.description")}</DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form onSubmit={onSubmit} className="grid gap-4" noValidate>
            <FormError control={form.control} />
            <TextField
              control={form.control}
              name="name"
              label={t("shell.createBusiness.name")}
              autoComplete="organization"
              placeholder={t("auth.fields.businessNamePlaceholder")}
            />
            <TextField
              control={form.control}
              name="whatsapp"
              label={t("shell.createBusiness.whatsapp")}
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              placeholder={t("auth.fields.whatsappPlaceholder")}
              description={t("auth.fields.whatsappHint")}
            />
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" disabled={pending} data-testid="create-business-submit">
                {pending ? t("common.processing") : t("shell.createBusiness.submit")}
              </Button>
            </DialogFooter>
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}

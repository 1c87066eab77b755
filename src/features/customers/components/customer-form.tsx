"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { UserRoundSearchIcon } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { FormError } from "@/components/forms/form-error";
import { applyServerError, type ActionError } from "@/components/forms/server-error";
import { TextField } from "@/components/forms/text-field";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Form, FormControl, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Textarea } from "@/components/ui/textarea";
import { createCustomerAction, updateCustomerAction } from "../actions";
import type { Customer } from "../queries";
import { customerFormSchema, CUSTOMER_STATUSES, CUSTOMER_TYPES, type CustomerFormValues } from "../schema";
import { NativeSelect } from "./customer-bits";

interface Duplicate {
  field: string;
  id: string;
  name: string;
}

function duplicateOf(error: ActionError): Duplicate | null {
  const d = error.details;
  if (error.code !== "CONFLICT" || d?.reason !== "duplicate") return null;
  return typeof d.existingId === "string" && typeof d.existingName === "string" && typeof d.field === "string"
    ? { field: d.field, id: d.existingId, name: d.existingName }
    : null;
}

/**
 * Create and edit with react-hook-form and the server's own zod schema. A duplicate WhatsApp
 * number or email shows the existing customer with a link instead of a bare error.
 */
export function CustomerForm({ customer }: { customer?: Customer }) {
  const t = useTranslations("customers");
  const tc = useTranslations("common");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [duplicate, setDuplicate] = useState<Duplicate | null>(null);
  const form = useForm<CustomerFormValues>({
    // The same rules as the server; the server's normalised values are what get stored.
    resolver: zodResolver(customerFormSchema),
    defaultValues: {
      name: customer?.name ?? "",
      whatsapp: customer?.whatsapp ?? "",
      phone: customer?.phone ?? "",
      email: customer?.email ?? "",
      address: customer?.address ?? "",
      city: customer?.city ?? "",
      type: customer?.type ?? "private",
      status: customer?.status ?? "active",
    },
  });

  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      setDuplicate(null);
      const result = customer
        ? await updateCustomerAction({ ...values, id: customer.id, expectedUpdatedAt: customer.updatedAt })
        : await createCustomerAction(values);
      if (!result.success) {
        const dup = duplicateOf(result.error);
        if (dup) {
          setDuplicate(dup);
          form.setError(dup.field === "email" ? "email" : "whatsapp", { type: "server", message: result.error.message });
          return;
        }
        applyServerError(form, result.error);
        return;
      }
      toast.success(customer ? t("updated") : t("created", { name: values.name.trim() }));
      router.push(`/customers/${result.data.id}`);
      router.refresh();
    }),
  );

  return (
    <Form {...form}>
      <form onSubmit={onSubmit} className="grid max-w-2xl gap-4" noValidate data-testid="customer-form">
        <FormError control={form.control} />
        {duplicate && (
          <Alert variant="info" data-testid="duplicate-alert">
            <UserRoundSearchIcon />
            <AlertDescription>
              {duplicate.field === "email" ? t("duplicate.email", { name: duplicate.name }) : t("duplicate.whatsapp", { name: duplicate.name })}{" "}
              <Link href={`/customers/${duplicate.id}`} className="font-medium underline" data-testid="duplicate-link">
                {t("duplicate.open")}
              </Link>
            </AlertDescription>
          </Alert>
        )}
        <TextField control={form.control} name="name" label={t("fields.name")} autoComplete="off" />
        <p className="-mb-2 text-sm text-muted-foreground">{t("hints.contact")}</p>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField control={form.control} name="whatsapp" label={t("fields.whatsapp")} inputMode="tel" autoComplete="off" placeholder={t("hints.whatsapp")} />
          <TextField control={form.control} name="phone" label={t("fields.phone")} inputMode="tel" autoComplete="off" />
          <TextField control={form.control} name="email" label={t("fields.email")} type="email" inputMode="email" autoComplete="off" />
          <TextField control={form.control} name="city" label={t("fields.city")} autoComplete="off" />
        </div>
        <FormField
          control={form.control}
          name="address"
          render={({ field }) => (
            <FormItem>
              <FormLabel>{t("fields.address")}</FormLabel>
              <FormControl>
                <Textarea rows={2} {...field} data-testid="input-address" />
              </FormControl>
              <FormMessage />
            </FormItem>
          )}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField
            control={form.control}
            name="type"
            render={({ field }) => (
              <FormItem>
                <FormLabel>{t("fields.type")}</FormLabel>
                <FormControl>
                  <NativeSelect {...field} data-testid="input-type">
                    {CUSTOMER_TYPES.map((v) => <option key={v} value={v}>{t(`types.${v}`)}</option>)}
                  </NativeSelect>
                </FormControl>
                <FormMessage />
              </FormItem>
            )}
          />
          <FormField
            control={form.control}
            name="status"
            render={({ field }) => (
              <FormItem>
                <FormLabel>{t("fields.status")}</FormLabel>
                <FormControl>
                  <NativeSelect {...field} data-testid="input-status">
                    {CUSTOMER_STATUSES.map((v) => <option key={v} value={v}>{t(`statuses.${v}`)}</option>)}
                  </NativeSelect>
                </FormControl>
                <FormMessage />
              </FormItem>
            )}
          />
        </div>
        <div className="flex gap-2">
          <Button type="submit" disabled={pending} data-testid="save-customer">
            {pending ? tc("saving") : t("save")}
          </Button>
          <Button type="button" variant="outline" onClick={() => router.back()}>
            {tc("cancel")}
          </Button>
        </div>
      </form>
    </Form>
  );
}

"use client";

import { PlusIcon, Trash2Icon, TriangleAlertIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { useFieldArray, useForm, useWatch, type Path } from "react-hook-form";
import { FormError } from "@/components/forms/form-error";
import { applyServerError } from "@/components/forms/server-error";
import { Button } from "@/components/ui/button";
import { Form, FormControl, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { formatIDR } from "@/lib/format";
import { editSale, recordSale } from "../actions";
import { isFutureDate, jakartaDate } from "../period";
import type { Transaction } from "../queries";
import { createTransactionSchema, itemsTotal, PAYMENT_METHODS } from "../schema";
import { CustomerPicker, type PickedCustomer } from "./customer-picker";

export interface SaleFormValues {
  customer: PickedCustomer | null;
  date: string;
  amount: string;
  paymentMethod: string;
  notes: string;
  items: { name: string; quantity: string; unitPrice: string }[];
}

const num = (s: string) => (s.trim() === "" ? Number.NaN : Number(s.replace(/\./g, "").replace(",", ".")));

/** Form values -> the API's input (the schema then decides what is valid). */
export function toPayload(v: SaleFormValues) {
  return {
    customerId: v.customer?.id ?? "",
    date: v.date,
    amount: num(v.amount),
    items: v.items.map((i) => ({ name: i.name, quantity: num(i.quantity), unitPrice: num(i.unitPrice) })),
    paymentMethod: v.paymentMethod === "" ? null : v.paymentMethod,
    notes: v.notes,
  };
}

export function emptySale(customer: PickedCustomer | null = null): SaleFormValues {
  return { customer, date: jakartaDate(), amount: "", paymentMethod: "", notes: "", items: [] };
}

function fromTransaction(tx: Transaction): SaleFormValues {
  return {
    customer: tx.customer ? { id: tx.customer.id, name: tx.customer.name } : null,
    date: tx.date,
    amount: String(tx.amount),
    paymentMethod: tx.paymentMethod ?? "",
    notes: tx.notes ?? "",
    items: tx.items.map((i) => ({ name: i.name, quantity: String(i.quantity), unitPrice: String(i.unitPrice) })),
  };
}

/** Record a sale, or edit one (with its version, so a concurrent edit answers 409). */
export function SaleForm({ transaction, customer, onDone }: { transaction?: Transaction; customer?: PickedCustomer | null; onDone: () => void }) {
  const t = useTranslations("transactions");
  const tc = useTranslations("common");
  const [pending, startTransition] = useTransition();
  const form = useForm<SaleFormValues>({ defaultValues: transaction ? fromTransaction(transaction) : emptySale(customer ?? null) });
  const items = useFieldArray({ control: form.control, name: "items" });
  const [date, watchedItems] = useWatch({ control: form.control, name: ["date", "items"] });
  const lines = watchedItems.map((i) => ({ quantity: num(i.quantity) || 0, unitPrice: num(i.unitPrice) || 0 }));
  const linesTotal = itemsTotal(lines);

  const onSubmit = form.handleSubmit((values) => {
    form.clearErrors();
    const parsed = createTransactionSchema.safeParse(toPayload(values));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const [head, ...rest] = issue.path.map(String);
        const field = head === "customerId" ? "customer" : [head, ...rest].join(".");
        form.setError(field as Path<SaleFormValues>, { type: "zod", message: issue.message });
      }
      return;
    }
    startTransition(async () => {
      const result = transaction
        ? await editSale({ ...parsed.data, id: transaction.id, version: transaction.version })
        : await recordSale(parsed.data);
      if (!result.success) {
        const details = result.error.details ?? {};
        if ("customerId" in details) form.setError("customer", { type: "server", message: String(details.customerId) });
        applyServerError(form, result.error);
        return;
      }
      onDone();
    });
  });

  return (
    <Form {...form}>
      <form onSubmit={onSubmit} className="grid gap-4" noValidate data-testid="sale-form">
        <FormError control={form.control} />
        <FormField
          control={form.control}
          name="customer"
          render={({ field, fieldState }) => (
            <FormItem>
              <FormLabel>{t("customer")}</FormLabel>
              <CustomerPicker value={field.value} onChange={field.onChange} invalid={Boolean(fieldState.error)} />
              <FormMessage />
            </FormItem>
          )}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField
            control={form.control}
            name="date"
            render={({ field }) => (
              <FormItem>
                <FormLabel>{t("date")}</FormLabel>
                <FormControl>
                  <Input type="date" min="2000-01-01" {...field} data-testid="input-date" />
                </FormControl>
                {date && isFutureDate(date) && (
                  <p className="flex items-center gap-1 text-sm text-amber-700 dark:text-amber-400" data-testid="future-warning">
                    <TriangleAlertIcon className="size-4" aria-hidden="true" />
                    {t("futureWarning")}
                  </p>
                )}
                <FormMessage />
              </FormItem>
            )}
          />
          <FormField
            control={form.control}
            name="amount"
            render={({ field }) => (
              <FormItem>
                <FormLabel>{t("amount")}</FormLabel>
                <FormControl>
                  <Input inputMode="decimal" placeholder="150000" {...field} data-testid="input-amount" />
                </FormControl>
                <FormMessage />
              </FormItem>
            )}
          />
        </div>
        <fieldset className="grid gap-2">
          <legend className="mb-1 text-sm font-medium">{t("items")}</legend>
          {items.fields.map((row, index) => (
            <div key={row.id} className="grid grid-cols-[4.5rem_1fr_auto] items-start gap-2 sm:grid-cols-[1fr_4.5rem_7rem_auto]" data-testid="item-row">
              {(["name", "quantity", "unitPrice"] as const).map((key) => (
                <FormField
                  key={key}
                  control={form.control}
                  name={`items.${index}.${key}`}
                  render={({ field }) => (
                    <FormItem className={key === "name" ? "col-span-3 sm:col-span-1" : undefined}>
                      <FormControl>
                        <Input
                          {...field}
                          aria-label={t(key === "name" ? "itemName" : key)}
                          placeholder={t(key === "name" ? "itemName" : key)}
                          inputMode={key === "name" ? "text" : "decimal"}
                          data-testid={`item-${key}`}
                        />
                      </FormControl>
                      <FormMessage />
                    </FormItem>
                  )}
                />
              ))}
              <Button type="button" variant="ghost" size="icon" aria-label={t("removeItem")} onClick={() => items.remove(index)}>
                <Trash2Icon aria-hidden="true" />
              </Button>
            </div>
          ))}
          <div className="flex flex-wrap items-center gap-2">
            <Button type="button" variant="outline" size="sm" onClick={() => items.append({ name: "", quantity: "1", unitPrice: "" })} data-testid="add-item">
              <PlusIcon aria-hidden="true" />
              {t("addItem")}
            </Button>
            {items.fields.length > 0 && (
              <>
                <span className="text-sm text-muted-foreground" data-testid="items-total">
                  {t("itemsTotal", { total: formatIDR(linesTotal) })}
                </span>
                <Button type="button" variant="link" size="sm" onClick={() => form.setValue("amount", String(linesTotal))}>
                  {t("useItemsTotal")}
                </Button>
              </>
            )}
          </div>
          <FormField control={form.control} name="items" render={() => <FormItem><FormMessage /></FormItem>} />
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField
            control={form.control}
            name="paymentMethod"
            render={({ field }) => (
              <FormItem>
                <FormLabel>{t("paymentMethod")}</FormLabel>
                <FormControl>
                  <select
                    {...field}
                    className="h-9 rounded-md border bg-transparent px-3 text-sm shadow-xs dark:bg-input/30"
                    data-testid="input-paymentMethod"
                  >
                    <option value="">{t("paymentNone")}</option>
                    {PAYMENT_METHODS.map((m) => (
                      <option key={m} value={m}>
                        {t(`payment.${m}`)}
                      </option>
                    ))}
                  </select>
                </FormControl>
                <FormMessage />
              </FormItem>
            )}
          />
          <FormField
            control={form.control}
            name="notes"
            render={({ field }) => (
              <FormItem>
                <FormLabel>{t("notes")}</FormLabel>
                <FormControl>
                  <Textarea rows={2} maxLength={1000} {...field} data-testid="input-notes" />
                </FormControl>
                <FormMessage />
              </FormItem>
            )}
          />
        </div>
        <Button type="submit" disabled={pending} data-testid="sale-submit">
          {pending ? tc("saving") : tc("save")}
        </Button>
      </form>
    </Form>
  );
}

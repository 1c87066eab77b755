"use client";

import { ListPlusIcon, PlusIcon, Trash2Icon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useMessages, useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { isValidationKey } from "@/i18n/validation";
import { recordSales } from "../actions";
import { jakartaDate } from "../period";
import { createTransactionSchema, PAYMENT_METHODS } from "../schema";
import { CustomerPicker, type PickedCustomer } from "./customer-picker";

interface Row {
  key: number;
  customer: PickedCustomer | null;
  date: string;
  amount: string;
  paymentMethod: string;
  error?: string;
}

let nextKey = 1;
const blankRow = (): Row => ({ key: nextKey++, customer: null, date: jakartaDate(), amount: "", paymentMethod: "" });
const amountOf = (s: string) => (s.trim() === "" ? Number.NaN : Number(s.replace(/\./g, "").replace(",", ".")));

/**
 * Several sales in one form (e.g. the day's notebook). Every row is checked before anything
 * is sent; each row is then recorded atomically, and rows the server refuses stay in the form
 * with their message while the recorded ones are removed.
 */
export function BulkEntryButton() {
  const t = useTranslations("transactions");
  const tc = useTranslations("common");
  const tv = useTranslations("validation");
  const messages = useMessages();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [rows, setRows] = useState<Row[]>(() => [blankRow(), blankRow()]);
  const [pending, startTransition] = useTransition();

  const text = (message: string) => (isValidationKey(messages.validation, message) ? tv(message) : message);
  const update = (key: number, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch, error: undefined } : r)));

  const submit = () => {
    const payload = rows.map((r) => ({
      customerId: r.customer?.id ?? "",
      date: r.date,
      amount: amountOf(r.amount),
      paymentMethod: r.paymentMethod === "" ? null : r.paymentMethod,
    }));
    const checked = payload.map((p) => createTransactionSchema.safeParse(p));
    const valid = checked.flatMap((c) => (c.success ? [c.data] : []));
    if (valid.length !== checked.length) {
      setRows((rs) => rs.map((r, i) => ({ ...r, error: checked[i]?.error?.issues[0] ? text(checked[i].error.issues[0].message) : undefined })));
      return;
    }
    startTransition(async () => {
      const result = await recordSales({ rows: valid });
      if (!result.success) {
        toast.error(result.error.message);
        return;
      }
      const failed = new Map(result.data.results.filter((r) => r.error).map((r) => [r.index, r.error?.message ?? ""]));
      const ok = result.data.results.length - failed.size;
      if (failed.size === 0) {
        toast.success(t("bulkSaved", { count: ok }));
        setOpen(false);
        setRows([blankRow(), blankRow()]);
      } else {
        toast.error(t("bulkPartial", { ok, failed: failed.size }));
        setRows((rs) => rs.flatMap((r, i) => (failed.has(i) ? [{ ...r, error: failed.get(i) }] : [])));
      }
      router.refresh();
    });
  };

  return (
    <>
      <Button variant="outline" onClick={() => setOpen(true)} data-testid="bulk-entry">
        <ListPlusIcon aria-hidden="true" />
        {t("bulk")}
      </Button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent className="max-h-[95dvh] overflow-y-auto sm:max-w-3xl" data-testid="bulk-dialog">
          <DialogHeader>
            <DialogTitle>{t("bulkTitle")}</DialogTitle>
            <DialogDescription className="sr-only">{t("bulkTitle")}</DialogDescription>
          </DialogHeader>
          <ol className="grid gap-4">
            {rows.map((row, index) => (
              <li key={row.key} className="grid gap-2 rounded-md border p-3" data-testid="bulk-row">
                <div className="flex items-center justify-between text-sm font-medium">
                  <span>#{index + 1}</span>
                  <Button
                    variant="ghost"
                    size="sm"
                    disabled={rows.length === 1}
                    onClick={() => setRows((rs) => rs.filter((r) => r.key !== row.key))}
                  >
                    <Trash2Icon aria-hidden="true" />
                    {t("removeRow")}
                  </Button>
                </div>
                <CustomerPicker value={row.customer} onChange={(customer) => update(row.key, { customer })} testId="bulk-customer" />
                <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
                  <Input type="date" min="2000-01-01" aria-label={t("date")} value={row.date} onChange={(e) => update(row.key, { date: e.target.value })} />
                  <Input
                    inputMode="decimal"
                    aria-label={t("amount")}
                    placeholder={t("amount")}
                    value={row.amount}
                    onChange={(e) => update(row.key, { amount: e.target.value })}
                    data-testid="bulk-amount"
                  />
                  <select
                    aria-label={t("paymentMethod")}
                    className="col-span-2 h-9 rounded-md border bg-transparent px-3 text-sm sm:col-span-1 dark:bg-input/30"
                    value={row.paymentMethod}
                    onChange={(e) => update(row.key, { paymentMethod: e.target.value })}
                  >
                    <option value="">{t("paymentNone")}</option>
                    {PAYMENT_METHODS.map((m) => (
                      <option key={m} value={m}>
                        {t(`payment.${m}`)}
                      </option>
                    ))}
                  </select>
                </div>
                {row.error && (
                  <p role="alert" className="text-sm text-destructive">
                    {row.error}
                  </p>
                )}
              </li>
            ))}
          </ol>
          <div className="flex flex-wrap justify-between gap-2">
            <Button variant="outline" onClick={() => setRows((rs) => [...rs, blankRow()])} disabled={rows.length >= 50}>
              <PlusIcon aria-hidden="true" />
              {t("addRow")}
            </Button>
            <Button onClick={submit} disabled={pending} data-testid="bulk-submit">
              {pending ? tc("saving") : t("saveAll")}
            </Button>
          </div>
        </DialogContent>
      </Dialog>
    </>
  );
}

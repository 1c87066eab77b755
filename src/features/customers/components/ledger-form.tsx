"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { recordLedgerAction } from "../actions";
import { LEDGER_ENTRY_TYPES, type LedgerEntryType } from "../schema";
import { NativeSelect } from "./customer-bits";

/**
 * "Catat pembayaran": a credit entry by default (a payment against debt); debit and opening
 * balance are one choice away. The database moves the balance atomically.
 */
export function LedgerForm({ customerId, balance }: { customerId: string; balance: number }) {
  const t = useTranslations("customers.ledger");
  const tv = useTranslations("validation");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [entryType, setEntryType] = useState<LedgerEntryType>("credit");
  const [amount, setAmount] = useState(balance < 0 ? String(-balance) : "");
  const [description, setDescription] = useState(t("paymentDefault"));
  const [reference, setReference] = useState("");
  const [error, setError] = useState<string | null>(null);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    startTransition(async () => {
      setError(null);
      const result = await recordLedgerAction({ customerId, entryType, amount: Number(amount.replace(/\./g, "").replace(",", ".")), description, reference });
      if (!result.success) {
        const detail = result.error.details?.amount;
        setError(detail === "custAmountInvalid" ? tv("custAmountInvalid") : result.error.message);
        return;
      }
      toast.success(t("saved"));
      setAmount("");
      setReference("");
      router.refresh();
    });
  };

  return (
    <form onSubmit={submit} className="grid gap-2 sm:grid-cols-2" data-testid="ledger-form">
      <label className="grid gap-1 text-sm">
        {t("entryType")}
        <NativeSelect value={entryType} onChange={(e) => setEntryType(LEDGER_ENTRY_TYPES.find((x) => x === e.target.value) ?? "credit")} data-testid="ledger-type">
          {LEDGER_ENTRY_TYPES.map((x) => <option key={x} value={x}>{t(`types.${x}`)}</option>)}
        </NativeSelect>
      </label>
      <label className="grid gap-1 text-sm">
        {t("amount")}
        <Input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} data-testid="ledger-amount" />
      </label>
      <label className="grid gap-1 text-sm">
        {t("description")}
        <Input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} data-testid="ledger-description" />
      </label>
      <label className="grid gap-1 text-sm">
        {t("reference")}
        <Input value={reference} onChange={(e) => setReference(e.target.value)} maxLength={100} data-testid="ledger-reference" />
      </label>
      {error && (
        <p role="alert" className="text-sm text-destructive sm:col-span-2" data-testid="ledger-error">
          {error}
        </p>
      )}
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending || amount.trim() === "" || description.trim() === ""} data-testid="ledger-submit">
          {t("record")}
        </Button>
      </div>
    </form>
  );
}

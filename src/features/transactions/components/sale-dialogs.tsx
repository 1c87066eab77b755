"use client";

import { BanIcon, PencilIcon, PlusIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { voidSale } from "../actions";
import type { Transaction } from "../queries";
import type { PickedCustomer } from "./customer-picker";
import { SaleForm } from "./sale-form";

/** "Catat penjualan" (optionally for a given customer, e.g. from the customer's page). */
export function RecordSaleButton({ customer = null }: { customer?: PickedCustomer | null }) {
  const t = useTranslations("transactions");
  const router = useRouter();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="record-sale">
        <PlusIcon aria-hidden="true" />
        {t("record")}
      </Button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent className="max-h-[95dvh] overflow-y-auto sm:max-w-xl" data-testid="record-sale-dialog">
          <DialogHeader>
            <DialogTitle>{t("recordTitle")}</DialogTitle>
            <DialogDescription className="sr-only">{t("recordTitle")}</DialogDescription>
          </DialogHeader>
          {open && (
            <SaleForm
              customer={customer}
              onDone={() => {
                setOpen(false);
                toast.success(t("saved"));
                router.refresh();
              }}
            />
          )}
        </DialogContent>
      </Dialog>
    </>
  );
}

export function EditSaleButton({ transaction }: { transaction: Transaction }) {
  const t = useTranslations("transactions");
  const router = useRouter();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="ghost" size="icon" aria-label={t("edit")} onClick={() => setOpen(true)} data-testid="edit-sale">
        <PencilIcon aria-hidden="true" />
      </Button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent className="max-h-[95dvh] overflow-y-auto sm:max-w-xl">
          <DialogHeader>
            <DialogTitle>{t("editTitle")}</DialogTitle>
            <DialogDescription className="sr-only">{t("editTitle")}</DialogDescription>
          </DialogHeader>
          {open && (
            <SaleForm
              transaction={transaction}
              onDone={() => {
                setOpen(false);
                toast.success(t("updated"));
                router.refresh();
              }}
            />
          )}
        </DialogContent>
      </Dialog>
    </>
  );
}

/** Void with a reason; nothing is deleted. */
export function VoidSaleButton({ transaction }: { transaction: Transaction }) {
  const t = useTranslations("transactions");
  const tc = useTranslations("common");
  const tv = useTranslations("validation");
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const submit = () => {
    if (reason.trim() === "") {
      setError(tv("txVoidReasonRequired"));
      return;
    }
    startTransition(async () => {
      const result = await voidSale({ id: transaction.id, reason });
      if (!result.success) {
        setError(result.error.message);
        return;
      }
      setOpen(false);
      toast.success(t("voided"));
      router.refresh();
    });
  };

  return (
    <>
      <Button variant="ghost" size="icon" aria-label={t("void")} onClick={() => setOpen(true)} data-testid="void-sale">
        <BanIcon aria-hidden="true" />
      </Button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent data-testid="void-dialog">
          <DialogHeader>
            <DialogTitle>{t("voidTitle")}</DialogTitle>
            <DialogDescription>{t("voidBody")}</DialogDescription>
          </DialogHeader>
          <div className="grid gap-2">
            <Label htmlFor={`void-${transaction.id}`}>{t("voidReason")}</Label>
            <Textarea
              id={`void-${transaction.id}`}
              value={reason}
              maxLength={500}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={error ? true : undefined}
              data-testid="void-reason"
            />
            {error && (
              <p role="alert" className="text-sm text-destructive">
                {error}
              </p>
            )}
          </div>
          <DialogFooter>
            <Button variant="outline" onClick={() => setOpen(false)}>
              {tc("cancel")}
            </Button>
            <Button variant="destructive" disabled={pending} onClick={submit} data-testid="void-confirm">
              {pending ? tc("processing") : t("voidConfirm")}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  );
}

"use client";

import { PencilIcon, RotateCcwIcon, Trash2Icon } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { deleteCustomerAction, restoreCustomerAction } from "../actions";

/** Edit, soft delete with a reason (refusal explains the debt), or restore when deleted. */
export function CustomerActions({ id, updatedAt, deleted }: { id: string; updatedAt: string; deleted: boolean }) {
  const t = useTranslations("customers");
  const tc = useTranslations("common");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);

  if (deleted) {
    return (
      <Button
        variant="outline"
        disabled={pending}
        data-testid="restore-customer"
        onClick={() =>
          startTransition(async () => {
            const result = await restoreCustomerAction({ id });
            if (!result.success) return void toast.error(result.error.message);
            toast.success(t("delete.restored"));
            router.refresh();
          })
        }
      >
        <RotateCcwIcon /> {t("delete.restore")}
      </Button>
    );
  }

  const submit = () =>
    startTransition(async () => {
      setError(null);
      const result = await deleteCustomerAction({ id, reason, expectedUpdatedAt: updatedAt });
      if (!result.success) {
        const field = result.error.details?.reason;
        setError(typeof field === "string" && result.error.code === "VALIDATION_ERROR" ? t("delete.reason") + ": " + result.error.message : result.error.message);
        return;
      }
      toast.success(t("delete.done"));
      setOpen(false);
      router.refresh();
    });

  return (
    <>
      <Button asChild variant="outline" data-testid="edit-customer">
        <Link href={`/customers/${id}/edit`}>
          <PencilIcon /> {t("edit")}
        </Link>
      </Button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogTrigger asChild>
          <Button variant="destructive" data-testid="delete-customer">
            <Trash2Icon /> {t("delete.action")}
          </Button>
        </DialogTrigger>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>{t("delete.title")}</DialogTitle>
            <DialogDescription>{t("delete.body")}</DialogDescription>
          </DialogHeader>
          <div className="grid gap-2">
            <Label htmlFor="delete-reason">{t("delete.reason")}</Label>
            <Textarea id="delete-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} rows={2} data-testid="delete-reason" />
            {error && (
              <p role="alert" className="text-sm text-destructive" data-testid="delete-error">
                {error}
              </p>
            )}
          </div>
          <DialogFooter>
            <Button variant="outline" onClick={() => setOpen(false)}>
              {tc("cancel")}
            </Button>
            <Button variant="destructive" disabled={pending || reason.trim() === ""} onClick={submit} data-testid="confirm-delete">
              {t("delete.confirm")}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  );
}

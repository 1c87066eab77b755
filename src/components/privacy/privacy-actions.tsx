"use client";

import { DownloadIcon, EraserIcon, Trash2Icon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { anonymiseCustomerAction, hardDeleteCustomerAction } from "@/lib/privacy/actions";

interface Props { customerId: string; name: string; anonymised: boolean; isOwner: boolean }

export function PrivacyActions({ customerId, name, anonymised, isOwner }: Props) {
  const t = useTranslations("privacy");
  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <Button asChild variant="outline" data-testid="privacy-export">
          <a href={`/api/customers/${customerId}/privacy`} download>
            <DownloadIcon /> {t("export.button")}
          </a>
        </Button>
        {!anonymised && <AnonymiseDialog customerId={customerId} />}
        {isOwner && <HardDeleteDialog customerId={customerId} name={name} />}
      </div>
      <p className="text-xs text-muted-foreground">{t("export.hint")}</p>
      {!isOwner && <p className="text-xs text-muted-foreground">{t("delete.ownerOnly")}</p>}
    </div>
  );
}

function AnonymiseDialog({ customerId }: { customerId: string }) {
  const t = useTranslations("privacy");
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const submit = () =>
    startTransition(async () => {
      setError(null);
      const result = await anonymiseCustomerAction({ customerId });
      if (!result.success) return void setError(result.error.message);
      toast.success(t("anonymise.done"));
      setOpen(false);
      router.refresh();
    });
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline" data-testid="privacy-anonymise">
          <EraserIcon /> {t("anonymise.button")}
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{t("anonymise.title")}</DialogTitle>
          <DialogDescription>{t("anonymise.body")}</DialogDescription>
        </DialogHeader>
        {error && <p role="alert" className="text-sm text-destructive" data-testid="privacy-error">{error}</p>}
        <DialogFooter>
          <Button variant="outline" onClick={() => setOpen(false)}>{t("cancel")}</Button>
          <Button variant="destructive" disabled={pending} onClick={submit} data-testid="confirm-anonymise">{t("anonymise.confirm")}</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

function HardDeleteDialog({ customerId, name }: { customerId: string; name: string }) {
  const t = useTranslations("privacy");
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const submit = () =>
    startTransition(async () => {
      setError(null);
      // The server compares the name (the source of truth); a mismatch comes back as a message.
      const result = await hardDeleteCustomerAction({ customerId, confirmName: typed });
      if (!result.success) return void setError(result.error.message);
      toast.success(t("delete.done"));
      setOpen(false);
      router.push("/customers");
      router.refresh();
    });
  return (
    <Dialog open={open} onOpenChange={(next) => { setOpen(next); if (!next) { setTyped(""); setError(null); } }}>
      <DialogTrigger asChild>
        <Button variant="destructive" data-testid="privacy-delete">
          <Trash2Icon /> {t("delete.button")}
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{t("delete.title")}</DialogTitle>
          <DialogDescription>{t("delete.body")}</DialogDescription>
        </DialogHeader>
        <div className="grid gap-2">
          <Label htmlFor="privacy-confirm-name">{t("delete.typeName", { name })}</Label>
          <Input id="privacy-confirm-name" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" maxLength={200} data-testid="privacy-confirm-name" />
          {error && <p role="alert" className="text-sm text-destructive" data-testid="privacy-delete-error">{error}</p>}
        </div>
        <DialogFooter>
          <Button variant="outline" onClick={() => setOpen(false)}>{t("cancel")}</Button>
          <Button variant="destructive" disabled={pending || typed.trim() === ""} onClick={submit} data-testid="confirm-privacy-delete">{t("delete.confirm")}</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

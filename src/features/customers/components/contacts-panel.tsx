"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { formatPhone } from "@/lib/phone";
import { addContactAction } from "../actions";
import type { Contact } from "../queries";

/** Other people to reach at this customer; numbers are normalised by the server schema. */
export function ContactsPanel({ customerId, contacts, canEdit }: { customerId: string; contacts: Contact[]; canEdit: boolean }) {
  const t = useTranslations("customers");
  const tv = useTranslations("validation");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [values, setValues] = useState({ name: "", relation: "", whatsapp: "", email: "" });
  const [error, setError] = useState<string | null>(null);
  const set = (key: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [key]: e.target.value }));

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    startTransition(async () => {
      setError(null);
      const result = await addContactAction({ customerId, ...values });
      if (!result.success) {
        const detail = Object.values(result.error.details ?? {}).find((d): d is string => typeof d === "string");
        const messages: Record<string, string> = { custContactRequired: tv("custContactRequired"), whatsappInvalid: tv("whatsappInvalid"), whatsappNotMobile: tv("whatsappNotMobile"), emailInvalid: tv("emailInvalid"), required: tv("required") };
        setError((detail && messages[detail]) ?? result.error.message);
        return;
      }
      toast.success(t("contacts.saved"));
      setValues({ name: "", relation: "", whatsapp: "", email: "" });
      router.refresh();
    });
  };

  return (
    <div className="grid gap-3" data-testid="contacts-panel">
      {contacts.length === 0 ? (
        <p className="text-sm text-muted-foreground">{t("contacts.empty")}</p>
      ) : (
        <ul className="grid gap-1 text-sm">
          {contacts.map((c) => (
            <li key={c.id} className="rounded-md border p-2">
              <span className="font-medium">{c.name}</span>
              {c.relation && <span className="text-muted-foreground"> · {c.relation}</span>}
              <span className="block text-muted-foreground">{[c.whatsapp ? formatPhone(c.whatsapp) : null, c.phone ? formatPhone(c.phone) : null, c.email].filter(Boolean).join(" · ")}</span>
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <form onSubmit={submit} className="grid gap-2" data-testid="contact-form">
          <Input aria-label={t("contacts.name")} placeholder={t("contacts.name")} value={values.name} onChange={set("name")} maxLength={200} />
          <Input aria-label={t("contacts.relation")} placeholder={t("contacts.relation")} value={values.relation} onChange={set("relation")} maxLength={100} />
          <Input aria-label={t("fields.whatsapp")} placeholder={t("fields.whatsapp")} inputMode="tel" value={values.whatsapp} onChange={set("whatsapp")} />
          <Input aria-label={t("fields.email")} placeholder={t("fields.email")} type="email" value={values.email} onChange={set("email")} />
          {error && <p role="alert" className="text-sm text-destructive">{error}</p>}
          <div>
            <Button type="submit" size="sm" variant="secondary" disabled={pending || values.name.trim() === ""}>{t("contacts.add")}</Button>
          </div>
        </form>
      )}
    </div>
  );
}

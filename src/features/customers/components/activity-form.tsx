"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { logActivityAction } from "../actions";
import { MANUAL_ACTIVITY_KINDS } from "../schema";
import { NativeSelect } from "./customer-bits";

/** Logs a call, email, meeting, note or booking on the timeline. */
export function ActivityForm({ customerId }: { customerId: string }) {
  const t = useTranslations("customers");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [kind, setKind] = useState<(typeof MANUAL_ACTIVITY_KINDS)[number]>("call");
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    startTransition(async () => {
      const result = await logActivityAction({ customerId, kind, title, body });
      if (!result.success) return void toast.error(result.error.message);
      toast.success(t("logActivity.saved"));
      setTitle("");
      setBody("");
      router.refresh();
    });
  };

  return (
    <form onSubmit={submit} className="mb-4 grid gap-2 sm:grid-cols-[10rem_1fr]" data-testid="activity-form">
      <NativeSelect aria-label={t("logActivity.kind")} value={kind} data-testid="activity-kind"
        onChange={(e) => setKind(MANUAL_ACTIVITY_KINDS.find((k) => k === e.target.value) ?? "call")}>
        {MANUAL_ACTIVITY_KINDS.map((k) => <option key={k} value={k}>{t(`activity.${k}`)}</option>)}
      </NativeSelect>
      <Input aria-label={t("logActivity.summary")} placeholder={t("logActivity.summary")} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} data-testid="activity-title" />
      <Input aria-label={t("logActivity.body")} placeholder={t("logActivity.body")} value={body} onChange={(e) => setBody(e.target.value)} maxLength={5000} className="sm:col-span-2" />
      <div className="sm:col-span-2">
        <Button type="submit" size="sm" variant="secondary" disabled={pending || title.trim() === ""} data-testid="activity-submit">
          {t("logActivity.submit")}
        </Button>
      </div>
    </form>
  );
}

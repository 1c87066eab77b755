"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { addNoteAction } from "../actions";
import { NOTE_TYPES } from "../schema";
import { NativeSelect } from "./customer-bits";

/** Adds a note (general / complaint / feedback / request, optionally internal); it lands on the timeline too. */
export function NoteForm({ customerId }: { customerId: string }) {
  const t = useTranslations("customers.notes");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [body, setBody] = useState("");
  const [noteType, setNoteType] = useState<(typeof NOTE_TYPES)[number]>("general");
  const [isInternal, setInternal] = useState(false);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    startTransition(async () => {
      const result = await addNoteAction({ customerId, body, noteType, isInternal });
      if (!result.success) return void toast.error(result.error.message);
      toast.success(t("saved"));
      setBody("");
      router.refresh();
    });
  };

  return (
    <form onSubmit={submit} className="grid gap-2" data-testid="note-form">
      <Label htmlFor="note-body">{t("body")}</Label>
      <Textarea id="note-body" value={body} onChange={(e) => setBody(e.target.value)} rows={2} maxLength={5000} data-testid="note-body" />
      <div className="flex flex-wrap items-center gap-2">
        <NativeSelect aria-label={t("type")} value={noteType} data-testid="note-type"
          onChange={(e) => setNoteType(NOTE_TYPES.find((n) => n === e.target.value) ?? "general")}>
          {NOTE_TYPES.map((n) => <option key={n} value={n}>{t(`types.${n}`)}</option>)}
        </NativeSelect>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" className="size-4" checked={isInternal} onChange={(e) => setInternal(e.target.checked)} data-testid="note-internal" />
          {t("internal")}
        </label>
        <Button type="submit" size="sm" disabled={pending || body.trim() === ""} data-testid="note-submit">
          {t("add")}
        </Button>
      </div>
    </form>
  );
}

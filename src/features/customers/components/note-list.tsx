"use client";

import { PencilIcon, Trash2Icon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Textarea } from "@/components/ui/textarea";
import { formatDateTime } from "@/lib/format";
import { deleteNoteAction, updateNoteAction } from "../actions";
import type { Note } from "../queries";
import { NOTE_TYPES, type NoteType } from "../schema";
import { NativeSelect } from "./customer-bits";

interface Props {
  notes: Note[];
  /** The signed-in user: the author of a note may change it. */
  userId: string;
  /** Owner or admin: may change every note. */
  canManageAll: boolean;
  /** Staff or up on a live customer; false hides every control. */
  canEdit: boolean;
}

/** The customer's notes; owner / admin or the author edit them in place or delete them after a confirmation. */
export function NoteList({ notes, userId, canManageAll, canEdit }: Props) {
  const t = useTranslations("customers");
  const [deleting, setDeleting] = useState<Note | null>(null);
  if (notes.length === 0) return <p className="text-sm text-muted-foreground">{t("detail.noNotes")}</p>;
  return (
    <>
      <ul className="grid gap-2" data-testid="note-list">
        {notes.map((n) => (
          <NoteItem key={`${n.id}-${n.updated_at}`} note={n} canChange={canEdit && (canManageAll || n.created_by === userId)} onDelete={() => setDeleting(n)} />
        ))}
      </ul>
      <DeleteNoteDialog note={deleting} onClose={() => setDeleting(null)} />
    </>
  );
}

function NoteItem({ note, canChange, onDelete }: { note: Note; canChange: boolean; onDelete: () => void }) {
  const t = useTranslations("customers.notes");
  const tc = useTranslations("common");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [editing, setEditing] = useState(false);
  const [body, setBody] = useState(note.body);
  const [noteType, setNoteType] = useState<NoteType>(note.note_type);
  const [isInternal, setInternal] = useState(note.is_internal);
  const [error, setError] = useState<string | null>(null);
  const edited = Date.parse(note.updated_at) !== Date.parse(note.created_at);

  const save = (e: React.FormEvent) => {
    e.preventDefault();
    startTransition(async () => {
      setError(null);
      const result = await updateNoteAction({ id: note.id, body, noteType, isInternal, expectedUpdatedAt: note.updated_at });
      if (!result.success) return void setError(result.error.message);
      toast.success(t("updated"));
      setEditing(false);
      router.refresh();
    });
  };

  if (editing) {
    return (
      <li className="rounded-md border p-2 text-sm" data-testid="note-item">
        <form onSubmit={save} className="grid gap-2" data-testid="note-edit-form">
          <Textarea aria-label={t("body")} value={body} onChange={(e) => setBody(e.target.value)} rows={3} maxLength={5000} data-testid="note-edit-body" />
          <div className="flex flex-wrap items-center gap-2">
            <NativeSelect aria-label={t("type")} value={noteType} onChange={(e) => setNoteType(NOTE_TYPES.find((x) => x === e.target.value) ?? "general")}>
              {NOTE_TYPES.map((x) => <option key={x} value={x}>{t(`types.${x}`)}</option>)}
            </NativeSelect>
            <label className="flex items-center gap-2">
              <input type="checkbox" className="size-4" checked={isInternal} onChange={(e) => setInternal(e.target.checked)} />
              {t("internal")}
            </label>
          </div>
          {error && <p role="alert" className="text-destructive" data-testid="note-error">{error}</p>}
          <div className="flex gap-2">
            <Button type="submit" size="sm" disabled={pending || body.trim() === ""} data-testid="note-save">{pending ? tc("saving") : t("save")}</Button>
            <Button type="button" size="sm" variant="outline" onClick={() => { setEditing(false); setBody(note.body); setError(null); }}>{tc("cancel")}</Button>
          </div>
        </form>
      </li>
    );
  }

  return (
    <li className="rounded-md border p-2 text-sm" data-testid="note-item">
      <p className="whitespace-pre-line">{note.body}</p>
      <div className="mt-1 flex items-center gap-1">
        <p className="flex-1 text-xs text-muted-foreground">
          {t(`types.${note.note_type}`)}{note.is_internal ? ` · ${t("internal")}` : ""} · {formatDateTime(note.created_at)}
          {edited ? ` · ${t("edited")}` : ""}
        </p>
        {canChange && (
          <>
            <Button size="icon" variant="ghost" className="size-8" aria-label={t("edit")} onClick={() => setEditing(true)} data-testid="note-edit">
              <PencilIcon aria-hidden="true" />
            </Button>
            <Button size="icon" variant="ghost" className="size-8" aria-label={t("delete")} onClick={onDelete} data-testid="note-delete">
              <Trash2Icon aria-hidden="true" />
            </Button>
          </>
        )}
      </div>
    </li>
  );
}

function DeleteNoteDialog({ note, onClose }: { note: Note | null; onClose: () => void }) {
  const t = useTranslations("customers.notes");
  const tc = useTranslations("common");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  const confirm = () => {
    if (!note) return;
    startTransition(async () => {
      const result = await deleteNoteAction({ id: note.id });
      if (!result.success) return void setError(result.error.message);
      toast.success(t("deleted"));
      onClose();
      router.refresh();
    });
  };

  return (
    <Dialog open={note !== null} onOpenChange={(open) => { if (!open) { setError(null); onClose(); } }}>
      <DialogContent data-testid="note-delete-dialog">
        <DialogHeader>
          <DialogTitle>{t("deleteTitle")}</DialogTitle>
          <DialogDescription>{t("deleteBody")}</DialogDescription>
        </DialogHeader>
        {note && <p className="line-clamp-3 rounded-md bg-muted p-2 text-sm whitespace-pre-line">{note.body}</p>}
        {error && <p role="alert" className="text-sm text-destructive">{error}</p>}
        <DialogFooter>
          <Button variant="outline" onClick={onClose}>{tc("cancel")}</Button>
          <Button variant="destructive" disabled={pending} onClick={confirm} data-testid="note-delete-confirm">
            {pending ? tc("processing") : t("deleteConfirm")}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

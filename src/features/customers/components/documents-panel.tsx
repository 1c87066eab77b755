"use client";

import { DownloadIcon, EyeIcon, FileTextIcon, Trash2Icon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { formatDate } from "@/lib/format";
import { createClient } from "@/lib/supabase/browser";
import { addDocumentAction, deleteDocumentAction, documentUrlAction } from "../actions";
import { checkDocumentFile, DOCUMENT_BUCKET, DOCUMENT_MIME_TYPES, DOCUMENT_TYPES, documentPath } from "../documents";
import type { CustomerDocument } from "../queries";
import { NativeSelect } from "./customer-bits";

interface Props {
  businessId: string;
  customerId: string;
  documents: CustomerDocument[];
  canEdit: boolean;
  /** Owner / admin: may delete documents (row and file). */
  canDelete?: boolean;
}

/**
 * Upload straight to Storage under <business>/<customer>/ (the bucket enforces 10 MB and the
 * allowed types, the policies the business folder), then record the row. Preview and download
 * go through short-lived signed URLs.
 */
export function DocumentsPanel({ businessId, customerId, documents, canEdit, canDelete = false }: Props) {
  const t = useTranslations("customers.documents");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [title, setTitle] = useState("");
  const [docType, setDocType] = useState<(typeof DOCUMENT_TYPES)[number]>("other");
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ url: string; mime: string } | null>(null);
  const [deleting, setDeleting] = useState<CustomerDocument | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const upload = (e: React.FormEvent) => {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) return;
    const check = checkDocumentFile(file);
    if (!check.ok) return setError(t(check.reason));
    const mimeType = DOCUMENT_MIME_TYPES.find((m) => m === file.type);
    if (!mimeType) return setError(t("wrongType"));
    startTransition(async () => {
      setError(null);
      const path = documentPath(businessId, customerId, file.name, crypto.randomUUID());
      const { error: uploadError } = await createClient().storage.from(DOCUMENT_BUCKET).upload(path, file, { contentType: mimeType, upsert: false });
      if (uploadError) return void setError(uploadError.message);
      const result = await addDocumentAction({ customerId, docType, title: title.trim() || file.name, storagePath: path, mimeType, sizeBytes: file.size });
      if (!result.success) return void setError(result.error.message);
      toast.success(t("uploaded"));
      setTitle("");
      if (fileRef.current) fileRef.current.value = "";
      router.refresh();
    });
  };

  const open = (doc: CustomerDocument, download: boolean) =>
    startTransition(async () => {
      const result = await documentUrlAction({ id: doc.id, download });
      if (!result.success) return void toast.error(result.error.message);
      if (download) window.location.assign(result.data.url);
      else setPreview({ url: result.data.url, mime: doc.mime_type });
    });

  return (
    <div className="grid gap-3" data-testid="documents-panel">
      {canEdit && (
        <form onSubmit={upload} className="grid gap-2 sm:grid-cols-2" data-testid="document-form">
          <label className="grid gap-1 text-sm sm:col-span-2">
            {t("file")}
            <input ref={fileRef} type="file" accept={DOCUMENT_MIME_TYPES.join(",")} className="text-sm" data-testid="document-file" />
          </label>
          <label className="grid gap-1 text-sm">
            {t("title")}
            <Input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} data-testid="document-title" />
          </label>
          <label className="grid gap-1 text-sm">
            {t("type")}
            <NativeSelect value={docType} onChange={(e) => setDocType(DOCUMENT_TYPES.find((x) => x === e.target.value) ?? "other")}>
              {DOCUMENT_TYPES.map((x) => <option key={x} value={x}>{t(`types.${x}`)}</option>)}
            </NativeSelect>
          </label>
          {error && <p role="alert" className="text-sm text-destructive sm:col-span-2" data-testid="document-error">{error}</p>}
          <div className="sm:col-span-2">
            <Button type="submit" size="sm" disabled={pending} data-testid="document-submit">{t("upload")}</Button>
          </div>
        </form>
      )}
      <ul className="grid gap-2">
        {documents.map((doc) => (
          <li key={doc.id} className="flex flex-wrap items-center gap-2 rounded-md border p-2 text-sm" data-testid="document-row">
            <FileTextIcon className="size-4 text-muted-foreground" />
            <span className="min-w-0 flex-1 truncate">{doc.title}</span>
            <span className="text-xs text-muted-foreground">{t(`types.${doc.doc_type}`)} · {formatDate(doc.created_at)}</span>
            <Button size="sm" variant="ghost" onClick={() => open(doc, false)}><EyeIcon /> {t("preview")}</Button>
            <Button size="sm" variant="ghost" onClick={() => open(doc, true)}><DownloadIcon /> {t("download")}</Button>
            {canDelete && (
              <Button size="sm" variant="ghost" onClick={() => setDeleting(doc)} data-testid="document-delete">
                <Trash2Icon /> {t("delete")}
              </Button>
            )}
          </li>
        ))}
      </ul>
      <DeleteDocumentDialog doc={deleting} onClose={() => setDeleting(null)} onDeleted={() => setPreview(null)} />
      {preview && (
        <div className="rounded-md border p-2" data-testid="document-preview">
          {preview.mime === "application/pdf" ? (
            <iframe src={preview.url} title={t("preview")} className="h-96 w-full" />
          ) : (
            // eslint-disable-next-line @next/next/no-img-element -- a short-lived signed URL, not an optimisable asset
            <img src={preview.url} alt={t("preview")} className="max-h-96 w-auto" />
          )}
        </div>
      )}
    </div>
  );
}

/** Confirms, then deletes the row and the file (deleteDocumentAction); the list refreshes. */
function DeleteDocumentDialog({ doc, onClose, onDeleted }: { doc: CustomerDocument | null; onClose: () => void; onDeleted: () => void }) {
  const t = useTranslations("customers.documents");
  const tc = useTranslations("common");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const confirm = () => {
    if (!doc) return;
    startTransition(async () => {
      const result = await deleteDocumentAction({ id: doc.id });
      if (!result.success) return void setError(result.error.message);
      toast.success(t("deleted"));
      onDeleted();
      onClose();
      router.refresh();
    });
  };
  return (
    <Dialog open={doc !== null} onOpenChange={(open) => { if (!open) { setError(null); onClose(); } }}>
      <DialogContent data-testid="document-delete-dialog">
        <DialogHeader>
          <DialogTitle>{t("deleteTitle")}</DialogTitle>
          <DialogDescription>{t("deleteBody", { title: doc?.title ?? "" })}</DialogDescription>
        </DialogHeader>
        {error && <p role="alert" className="text-sm text-destructive">{error}</p>}
        <DialogFooter>
          <Button variant="outline" onClick={onClose}>{tc("cancel")}</Button>
          <Button variant="destructive" disabled={pending} onClick={confirm} data-testid="document-delete-confirm">
            {pending ? tc("processing") : t("deleteConfirm")}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

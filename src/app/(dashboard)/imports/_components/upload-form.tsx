"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { IMPORT_KINDS, IMPORT_MAX_BYTES, type ImportKind } from "@/lib/imports/limits";
import { callApi } from "./api";

/** File + kind -> POST /api/imports (multipart); on success the mapping screen opens. */
export function UploadForm({ defaultKind }: { defaultKind: ImportKind }) {
  const t = useTranslations("imports");
  const router = useRouter();
  const [kind, setKind] = useState<ImportKind>(defaultKind);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!file) return setError(t("upload.noFile"));
    if (file.size === 0) return setError(t("fileErrors.empty"));
    if (file.size > IMPORT_MAX_BYTES) return setError(t("fileErrors.tooLarge"));
    const form = new FormData();
    form.set("kind", kind);
    form.set("file", file);
    setBusy(true);
    const result = await callApi<{ id: string }>("/api/imports", { method: "POST", body: form });
    setBusy(false);
    if (!result.ok || !result.data) return setError(result.message ?? t("errors.upload_failed"));
    router.push(`/imports/${result.data.id}`);
  }

  return (
    <form onSubmit={submit} className="grid gap-4" data-testid="import-upload-form">
      <div className="grid gap-2">
        <Label htmlFor="import-kind">{t("upload.kind")}</Label>
        <select
          id="import-kind"
          name="kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as ImportKind)}
          className="h-10 rounded-md border border-input bg-background px-3 text-sm"
        >
          {IMPORT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="grid gap-2">
        <Label htmlFor="import-file">{t("upload.file")}</Label>
        <input
          id="import-file"
          name="file"
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          className="text-sm file:mr-3 file:rounded-md file:border file:border-input file:bg-background file:px-3 file:py-1.5"
        />
      </div>
      {error && (
        <Alert variant="destructive" data-testid="import-upload-error">
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      )}
      <div>
        <Button type="submit" disabled={busy} data-testid="import-upload-submit">
          {busy ? t("upload.submitting") : t("upload.submit")}
        </Button>
      </div>
    </form>
  );
}

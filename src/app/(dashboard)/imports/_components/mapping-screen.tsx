"use client";

import { useRouter } from "next/navigation";
import { useMessages, useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { fieldsOf, mappingProblems, requiredFields, type ImportField, type Mapping } from "@/lib/imports/fields";
import { DUPLICATE_STRATEGIES, type DuplicateStrategy, type ImportKind } from "@/lib/imports/limits";
import type { Catalog } from "@/i18n/catalog";
import { rowErrorText } from "@/lib/imports/messages";
import type { RowError } from "@/lib/imports/validate";
import { callApi, jsonInit } from "./api";

export interface PreviewRowView {
  rowNumber: number;
  raw: string[];
  ok: boolean;
  parsed: Record<string, unknown>;
  errors: RowError[];
}

interface Props {
  importId: string;
  kind: ImportKind;
  fileName: string;
  totalRows: number;
  headers: string[];
  initialMapping: Mapping;
  initialPreview: PreviewRowView[];
  canWrite: boolean;
}

const show = (value: unknown): string => (value === null || value === undefined ? "" : Array.isArray(value) ? value.join(", ") : String(value));

/**
 * The mapping screen: one select per target field (pre-filled from the headers), the
 * duplicate strategy for customers, and a live preview of the first rows with their parsed
 * values or errors. Nothing reaches the target tables until "Start import".
 */
export function MappingScreen(props: Props) {
  const t = useTranslations("imports");
  const router = useRouter();
  const [mapping, setMapping] = useState<Mapping>(props.initialMapping);
  const [strategy, setStrategy] = useState<DuplicateStrategy>("skip");
  const [preview, setPreview] = useState(props.initialPreview);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const first = useRef(true);
  const fields = fieldsOf(props.kind);
  const required = new Set<ImportField>(requiredFields(props.kind));
  const problems = mappingProblems(props.kind, mapping);
  const mapped = fields.filter((f) => mapping[f] !== undefined);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    let cancelled = false;
    void callApi<PreviewRowView[]>(`/api/imports/${props.importId}/preview`, jsonInit("POST", { mapping })).then((r) => {
      if (!cancelled && r.ok && r.data) setPreview(r.data);
    });
    return () => {
      cancelled = true;
    };
  }, [mapping, props.importId]);

  const messages = useMessages() as Catalog;
  const errorText = (e: RowError) => `${t(`fields.${e.field}`)}: ${rowErrorText(messages, e)}`;


  async function start() {
    setBusy(true);
    setError(null);
    const result = await callApi(`/api/imports/${props.importId}/start`, jsonInit("POST", { mapping, duplicateStrategy: strategy }));
    setBusy(false);
    if (!result.ok) return setError(result.message ?? t("errors.import_mapping_invalid"));
    router.refresh();
  }

  async function discard() {
    setBusy(true);
    await callApi(`/api/imports/${props.importId}`, { method: "DELETE" });
    router.push("/imports");
  }

  return (
    <div className="grid gap-6" data-testid="import-mapping">
      <Card>
        <CardHeader>
          <CardTitle>{t("mapping.title")}</CardTitle>
          <CardDescription>
            {t("mapping.rowsInFile", { count: props.totalRows, file: props.fileName })}{" "}
            {t("mapping.description", { kind: t(`kinds.${props.kind}`).toLowerCase() })}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <div className="grid gap-3 sm:grid-cols-2">
            {fields.map((field) => (
              <div key={field} className="grid gap-1.5">
                <Label htmlFor={`map-${field}`}>
                  {t(`fields.${field}`)}
                  {required.has(field) && <span className="text-xs text-muted-foreground"> ({t("mapping.required")})</span>}
                </Label>
                <select
                  id={`map-${field}`}
                  data-testid={`map-${field}`}
                  value={mapping[field] ?? ""}
                  onChange={(e) => setMapping((m) => ({ ...m, [field]: e.target.value === "" ? undefined : Number(e.target.value) }))}
                  className="h-10 rounded-md border border-input bg-background px-3 text-sm"
                >
                  <option value="">{t("mapping.notUsed")}</option>
                  {props.headers.map((h, i) => (
                    <option key={i} value={i}>
                      {h}
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </div>
          {props.kind === "customers" && (
            <fieldset className="grid gap-2">
              <legend className="mb-1 text-sm font-medium">{t("mapping.strategy")}</legend>
              {DUPLICATE_STRATEGIES.map((s) => (
                <label key={s} className="flex items-center gap-2 text-sm">
                  <input type="radio" name="strategy" value={s} checked={strategy === s} onChange={() => setStrategy(s)} data-testid={`strategy-${s}`} />
                  {t(`mapping.strategies.${s}`)}
                </label>
              ))}
            </fieldset>
          )}
          {problems.missing.length > 0 && (
            <p className="text-sm text-destructive" data-testid="mapping-missing">
              {t("mapping.missing", { fields: problems.missing.map((f) => t(`fields.${f}`)).join(", ") })}
            </p>
          )}
          {problems.repeated && <p className="text-sm text-destructive">{t("mapping.repeated")}</p>}
          {error && (
            <Alert variant="destructive">
              <AlertDescription>{error}</AlertDescription>
            </Alert>
          )}
          {props.canWrite && (
            <div className="flex flex-wrap gap-2">
              <Button onClick={start} disabled={busy || problems.missing.length > 0 || problems.repeated} data-testid="import-start">
                {busy ? t("mapping.starting") : t("mapping.start")}
              </Button>
              <Button variant="outline" onClick={discard} disabled={busy}>
                {t("mapping.discard")}
              </Button>
            </div>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>{t("mapping.preview", { count: preview.length })}</CardTitle>
        </CardHeader>
        <CardContent className="overflow-x-auto">
          <Table data-testid="import-preview">
            <TableHeader>
              <TableRow>
                <TableHead>{t("mapping.previewRow")}</TableHead>
                {mapped.map((f) => (
                  <TableHead key={f}>{t(`fields.${f}`)}</TableHead>
                ))}
                <TableHead>{t("mapping.previewResult")}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {preview.map((row) => (
                <TableRow key={row.rowNumber} data-testid="preview-row" data-ok={row.ok}>
                  <TableCell className="tabular-nums">{row.rowNumber}</TableCell>
                  {mapped.map((f) => (
                    <TableCell key={f} className="max-w-48 truncate">
                      {show(row.parsed[f])}
                    </TableCell>
                  ))}
                  <TableCell className={row.ok ? "text-emerald-700 dark:text-emerald-400" : "text-destructive"}>
                    {row.ok ? t("mapping.ok") : row.errors.map(errorText).join(" · ")}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
    </div>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { ExportSelectedButton } from "@/components/exports/export-selected-button";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { bulkStatusAction, bulkTagAction, createTagAction } from "../actions";
import type { CustomerListItem, TagChip } from "../queries";
import { CUSTOMER_STATUSES, type CustomerStatus } from "../schema";
import { NativeSelect } from "./customer-bits";

const NEW_TAG = "__new__";

/** Actions on the selected rows: add / remove a tag, change status, export as CSV. */
export function BulkBar({ selected, tags, onDone }: { selected: CustomerListItem[]; tags: TagChip[]; onDone: () => void }) {
  const t = useTranslations("customers");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [tagId, setTagId] = useState(tags[0]?.id ?? NEW_TAG);
  const [newTag, setNewTag] = useState("");
  const ids = selected.map((c) => c.id);

  const finish = (result: { success: true; data: { count: number } } | { success: false; error: { message: string } }) => {
    if (!result.success) {
      toast.error(result.error.message);
      return;
    }
    toast.success(t("bulk.done", { count: result.data.count }));
    onDone();
    router.refresh();
  };

  const tagAction = (mode: "add" | "remove") =>
    startTransition(async () => {
      let id = tagId;
      if (id === NEW_TAG) {
        const created = await createTagAction({ name: newTag });
        if (!created.success) {
          toast.error(created.error.details?.name ? t("bulk.newTag") : created.error.message);
          return;
        }
        id = created.data.id;
        setTagId(id);
        setNewTag("");
      }
      finish(await bulkTagAction({ customerIds: ids, tagId: id, mode }));
    });

  const statusAction = (status: CustomerStatus) => startTransition(async () => finish(await bulkStatusAction({ customerIds: ids, status })));

  return (
    <div className="flex flex-wrap items-center gap-2 rounded-lg border bg-muted/40 p-2" data-testid="bulk-bar" aria-busy={pending}>
      <span className="text-sm font-medium">{t("selected", { count: selected.length })}</span>
      <NativeSelect aria-label={t("bulk.chooseTag")} value={tagId} onChange={(e) => setTagId(e.target.value)} data-testid="bulk-tag-select">
        {tags.map((tag) => <option key={tag.id} value={tag.id}>{tag.name}</option>)}
        <option value={NEW_TAG}>{t("bulk.newTag")}…</option>
      </NativeSelect>
      {tagId === NEW_TAG && (
        <Input className="w-40" value={newTag} onChange={(e) => setNewTag(e.target.value)} placeholder={t("bulk.newTag")} maxLength={50} data-testid="bulk-new-tag" />
      )}
      <Button size="sm" onClick={() => tagAction("add")} disabled={pending || (tagId === NEW_TAG && !newTag.trim())} data-testid="bulk-add-tag">
        {t("bulk.addTag")}
      </Button>
      <Button size="sm" variant="outline" onClick={() => tagAction("remove")} disabled={pending || tagId === NEW_TAG} data-testid="bulk-remove-tag">
        {t("bulk.removeTag")}
      </Button>
      <NativeSelect aria-label={t("bulk.status")} value="" onChange={(e) => { const s = CUSTOMER_STATUSES.find((x) => x === e.target.value); if (s) statusAction(s); }} data-testid="bulk-status">
        <option value="">{t("bulk.status")}</option>
        {CUSTOMER_STATUSES.map((s) => <option key={s} value={s}>{t(`statuses.${s}`)}</option>)}
      </NativeSelect>
      <ExportSelectedButton customerIds={ids} />
    </div>
  );
}

"use client";

import { PlusIcon, XIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { addCustomerTagAction, removeCustomerTagAction } from "../actions";
import type { TagChip } from "../queries";
import { NativeSelect } from "./customer-bits";

const NEW_TAG = "__new__";
const DEFAULT_COLOR = "#2563eb";

interface Props {
  customerId: string;
  /** The customer's tags. */
  tags: TagChip[];
  /** Every tag of the business, for the picker. */
  allTags: TagChip[];
  canEdit: boolean;
}

/** The customer's tags as chips; staff remove one with its ×, or add an existing tag or a new one with a colour. */
export function TagEditor({ customerId, tags, allTags, canEdit }: Props) {
  const t = useTranslations("customers.tags");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const own = [...tags].sort((a, b) => a.name.localeCompare(b.name, "id"));
  const available = allTags.filter((tag) => !tags.some((mine) => mine.id === tag.id));
  const [choice, setChoice] = useState<string>("");
  const [name, setName] = useState("");
  const [color, setColor] = useState(DEFAULT_COLOR);
  const selected = choice || (available[0]?.id ?? NEW_TAG);

  const add = (e: React.FormEvent) => {
    e.preventDefault();
    startTransition(async () => {
      const result = await addCustomerTagAction(selected === NEW_TAG ? { customerId, name, color } : { customerId, tagId: selected });
      if (!result.success) return void toast.error(result.error.message);
      toast.success(t("added", { name: result.data.name }));
      setChoice("");
      setName("");
      router.refresh();
    });
  };

  const remove = (tag: TagChip) =>
    startTransition(async () => {
      const result = await removeCustomerTagAction({ customerId, tagId: tag.id });
      if (!result.success) return void toast.error(result.error.message);
      toast.success(t("removed", { name: tag.name }));
      router.refresh();
    });

  return (
    <div className="grid gap-3" data-testid="tag-editor" aria-busy={pending}>
      {tags.length === 0 ? (
        <p className="text-sm text-muted-foreground">{t("empty")}</p>
      ) : (
        <ul className="flex flex-wrap gap-1" data-testid="customer-tags">
          {own.map((tag) => (
            <li key={tag.id} className="inline-flex items-center gap-1 rounded-full border py-0.5 pr-1 pl-2 text-xs" style={{ borderColor: tag.color, color: tag.color }} data-testid="customer-tag">
              {tag.name}
              {canEdit && (
                <button type="button" className="rounded-full p-1 hover:bg-muted disabled:opacity-50" aria-label={t("remove", { name: tag.name })} disabled={pending} onClick={() => remove(tag)} data-testid="customer-tag-remove">
                  <XIcon className="size-3" aria-hidden="true" />
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <form onSubmit={add} className="flex flex-wrap items-center gap-2" data-testid="tag-form">
          <NativeSelect aria-label={t("choose")} value={selected} onChange={(e) => setChoice(e.target.value)} data-testid="tag-select">
            {available.map((tag) => <option key={tag.id} value={tag.id}>{tag.name}</option>)}
            <option value={NEW_TAG}>{t("newTag")}</option>
          </NativeSelect>
          {selected === NEW_TAG && (
            <>
              <Input className="w-40" aria-label={t("newName")} placeholder={t("newName")} value={name} onChange={(e) => setName(e.target.value)} maxLength={50} data-testid="tag-new-name" />
              <input type="color" aria-label={t("color")} value={color} onChange={(e) => setColor(e.target.value)} className="h-10 w-12 cursor-pointer rounded-md border bg-transparent p-1" data-testid="tag-new-color" />
            </>
          )}
          <Button type="submit" size="sm" variant="secondary" disabled={pending || (selected === NEW_TAG && name.trim() === "")} data-testid="tag-add">
            <PlusIcon aria-hidden="true" /> {t("add")}
          </Button>
        </form>
      )}
    </div>
  );
}

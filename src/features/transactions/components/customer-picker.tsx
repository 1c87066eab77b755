"use client";

import { SearchIcon, XIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { findCustomers } from "../actions";
import type { CustomerOption } from "../queries";

export type PickedCustomer = Pick<CustomerOption, "id" | "name">;

/**
 * Search-as-you-type customer picker (by name; the text is only ever a filter value). Shows
 * the chosen customer with a "Ganti" button; a phone-friendly list, no popover.
 */
export function CustomerPicker({
  value,
  onChange,
  invalid,
  testId = "customer-picker",
}: {
  value: PickedCustomer | null;
  onChange: (customer: PickedCustomer | null) => void;
  invalid?: boolean;
  testId?: string;
}) {
  const t = useTranslations("transactions");
  const listId = useId();
  const [q, setQ] = useState("");
  const [options, setOptions] = useState<CustomerOption[]>([]);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (value) return;
    let cancelled = false;
    const timer = setTimeout(async () => {
      setLoading(true);
      const result = await findCustomers({ q });
      if (cancelled) return;
      setLoading(false);
      setOptions(result.success ? result.data : []);
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [q, value]);

  if (value) {
    return (
      <div className="flex items-center justify-between gap-2 rounded-md border px-3 py-2" data-testid={`${testId}-selected`}>
        <span className="truncate font-medium">{value.name}</span>
        <Button type="button" variant="ghost" size="sm" onClick={() => onChange(null)}>
          <XIcon aria-hidden="true" />
          {t("customerChange")}
        </Button>
      </div>
    );
  }

  return (
    <div className="grid gap-1">
      <div className="relative">
        <SearchIcon className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-muted-foreground" aria-hidden="true" />
        <Input
          className="pl-8"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t("customerSearch")}
          aria-label={t("customer")}
          aria-controls={listId}
          aria-invalid={invalid || undefined}
          data-testid={`${testId}-search`}
          maxLength={100}
        />
      </div>
      <ul id={listId} role="listbox" aria-label={t("customer")} className="max-h-44 overflow-y-auto rounded-md border text-sm">
        {options.map((c) => (
          <li key={c.id} role="option" aria-selected={false}>
            <button
              type="button"
              className="flex w-full flex-col items-start px-3 py-2 text-left hover:bg-muted focus-visible:bg-muted focus-visible:outline-none"
              onClick={() => onChange({ id: c.id, name: c.name })}
              data-testid={`${testId}-option`}
            >
              <span className="font-medium">{c.name}</span>
              {(c.city || c.whatsapp) && <span className="text-xs text-muted-foreground">{[c.whatsapp, c.city].filter(Boolean).join(" · ")}</span>}
            </button>
          </li>
        ))}
        {!loading && options.length === 0 && <li className="px-3 py-2 text-muted-foreground">{t("customerNone")}</li>}
      </ul>
    </div>
  );
}

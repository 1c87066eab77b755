"use client";

import { Loader2Icon } from "lucide-react";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";

/** Full-width primary submit that says it is working while the action runs. */
export function SubmitButton({ pending, children, testId }: { pending: boolean; children: ReactNode; testId?: string }) {
  const t = useTranslations("common");
  return (
    <Button type="submit" size="lg" className="w-full" disabled={pending} aria-busy={pending} data-testid={testId ?? "submit"}>
      {pending && <Loader2Icon className="animate-spin" aria-hidden="true" />}
      {pending ? t("processing") : children}
    </Button>
  );
}

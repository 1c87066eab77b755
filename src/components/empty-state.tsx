import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/utils";

/**
 * The honest "nothing here yet" panel: what will appear in this place and what to do
 * next. Used where data is empty and where a feature has not shipped yet.
 */
export function EmptyState({
  icon: Icon,
  title,
  description,
  badge,
  children,
  className,
  testId,
}: {
  icon: LucideIcon;
  title: string;
  description: string;
  badge?: string;
  children?: ReactNode;
  className?: string;
  testId?: string;
}) {
  return (
    <section
      data-testid={testId ?? "empty-state"}
      className={cn(
        "flex flex-col items-center gap-3 rounded-xl border border-dashed bg-card/50 px-5 py-10 text-center",
        className,
      )}
    >
      <span className="flex size-12 items-center justify-center rounded-full bg-primary/10 text-primary">
        <Icon className="size-6" aria-hidden="true" />
      </span>
      {badge && <Badge variant="batik">{badge}</Badge>}
      <h2 className="text-lg font-semibold text-balance">{title}</h2>
      <p className="max-w-md text-sm text-pretty text-muted-foreground">{description}</p>
      {children}
    </section>
  );
}

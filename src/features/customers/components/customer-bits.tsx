import type { ComponentProps } from "react";
import { cn } from "@/components/utils";
import { formatIDR } from "@/lib/format";
import type { TagChip } from "../queries";

/** Balance in rupiah: debt red, credit green, zero muted. */
export function BalanceText({ value, className }: { value: number; className?: string }) {
  return (
    <span
      className={cn("tabular-nums", value < 0 ? "text-destructive" : value > 0 ? "text-emerald-600 dark:text-emerald-400" : "text-muted-foreground", className)}
      data-testid="balance"
    >
      {formatIDR(value)}
    </span>
  );
}

export function TagList({ tags }: { tags: TagChip[] }) {
  if (tags.length === 0) return null;
  return (
    <span className="mt-1 flex flex-wrap gap-1">
      {tags.map((tag) => (
        <span
          key={tag.id}
          className="inline-flex items-center rounded-full border px-2 py-0.5 text-xs"
          style={{ borderColor: tag.color, color: tag.color }}
          data-testid="tag-chip"
        >
          {tag.name}
        </span>
      ))}
    </span>
  );
}

/** A native select styled like the inputs: reliable on phones and with screen readers. */
export function NativeSelect({ className, ...props }: ComponentProps<"select">) {
  return (
    <select
      className={cn(
        "h-10 rounded-md border border-input bg-transparent px-2 text-base shadow-xs outline-none focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 md:text-sm dark:bg-input/30",
        className,
      )}
      {...props}
    />
  );
}

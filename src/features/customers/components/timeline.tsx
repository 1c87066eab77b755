import { getTranslations } from "next-intl/server";
import { formatDateTime, formatIDR } from "@/lib/format";
import type { Activity } from "../queries";

function amountOf(metadata: unknown): number | null {
  if (typeof metadata !== "object" || metadata === null) return null;
  const value = (metadata as Record<string, unknown>).amount;
  return typeof value === "number" || typeof value === "string" ? Number(value) : null;
}

/** Activities newest first: what members logged and what the database recorded itself. */
export async function Timeline({ activities }: { activities: Activity[] }) {
  const t = await getTranslations("customers");
  if (activities.length === 0) return <p className="text-sm text-muted-foreground">{t("detail.noActivities")}</p>;
  return (
    <ol className="grid gap-3 border-l pl-4" data-testid="timeline">
      {activities.map((a) => {
        const amount = amountOf(a.metadata);
        return (
          <li key={a.id} className="relative" data-testid="timeline-item" data-kind={a.kind}>
            <span className="absolute top-1.5 -left-[1.3rem] size-2 rounded-full bg-primary" />
            <p className="text-sm font-medium">
              {t(`activity.${a.kind}`)}
              {amount !== null && <span className="ml-2 font-normal tabular-nums">{formatIDR(amount)}</span>}
            </p>
            {a.body && <p className="text-sm whitespace-pre-line">{a.body}</p>}
            {!a.body && a.title && a.kind !== "created" && a.kind !== "updated" && a.kind !== "restored" && <p className="text-sm">{a.title}</p>}
            <p className="text-xs text-muted-foreground">{formatDateTime(a.occurred_at)}</p>
          </li>
        );
      })}
    </ol>
  );
}

import { ArrowRightIcon } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { NativeSelect } from "@/features/customers/components/customer-bits";
import { formatDate, type DisplayLocale } from "@/lib/format";
import type { Movement } from "@/lib/rfm/movement";
import { movementListHref } from "@/lib/rfm/params";
import { SEGMENTS, SEGMENT_COLORS, type Segment } from "@/lib/rfm/segments";
import type { RfmRun } from "@/lib/rfm/queries";

const count = new Intl.NumberFormat("id-ID");

/** Two kept runs to compare, as a plain GET form (works before JavaScript loads). */
export async function RunPicker({ runs, from, to, locale }: { runs: RfmRun[]; from: string; to: string; locale: DisplayLocale }) {
  const t = await getTranslations("rfm.movement");
  const option = (r: RfmRun) => (
    <option key={r.id} value={r.id}>
      {t("runOption", { date: formatDate(r.analysisDate, locale), count: count.format(r.customersScored + r.customersLost) })}
    </option>
  );
  return (
    <form method="get" action="/rfm/movement" className="grid gap-2 sm:grid-cols-[1fr_1fr_auto] sm:items-end" data-testid="rfm-run-picker">
      <label className="grid gap-1 text-xs font-medium">
        {t("from")}
        <NativeSelect name="from" defaultValue={from} data-testid="rfm-run-from">{runs.map(option)}</NativeSelect>
      </label>
      <label className="grid gap-1 text-xs font-medium">
        {t("to")}
        <NativeSelect name="to" defaultValue={to} data-testid="rfm-run-to">{runs.map(option)}</NativeSelect>
      </label>
      <Button type="submit" data-testid="rfm-run-compare">{t("compare")}</Button>
    </form>
  );
}

/** The moves, biggest first: the phone-friendly reading of the matrix. */
export async function MovementChanges({ movement, from, to }: { movement: Movement; from: string; to: string }) {
  const t = await getTranslations("rfm");
  const name = (s: Segment | null) => (s ? t(`segments.${s}.label`) : t("movement.newFrom"));
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("movement.changes")}</CardTitle>
        <CardDescription data-testid="rfm-movement-summary">
          {t("movement.summary", { moved: count.format(movement.moved), stayed: count.format(movement.stayed), newCustomers: count.format(movement.newCustomers) })}
        </CardDescription>
      </CardHeader>
      <CardContent>
        {movement.changes.length === 0 ? (
          <p className="text-sm text-muted-foreground" data-testid="rfm-movement-none">{t("movement.noChanges")}</p>
        ) : (
          <ul className="grid gap-1" data-testid="rfm-movement-changes">
            {movement.changes.map((m) => (
              <li key={`${m.from ?? "new"}-${m.to}`}>
                <Link
                  href={movementListHref({ from, to, fromSegment: m.from, toSegment: m.to })}
                  className="flex items-center gap-2 rounded-md px-2 py-2 text-sm hover:bg-accent"
                  data-testid="rfm-move"
                  data-from={m.from ?? "new"}
                  data-to={m.to}
                  data-count={m.customers}
                >
                  <span className="min-w-0 flex-1">
                    {t.rich(m.from === null ? "movement.moveNew" : "movement.move", {
                      count: count.format(m.customers),
                      from: name(m.from),
                      to: name(m.to),
                      n: (chunks) => <strong className="tabular-nums">{chunks}</strong>,
                    })}
                  </span>
                  <ArrowRightIcon className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
                </Link>
              </li>
            ))}
          </ul>
        )}
        {movement.gone > 0 && <p className="mt-2 text-xs text-muted-foreground">{t("movement.gone", { count: count.format(movement.gone) })}</p>}
      </CardContent>
    </Card>
  );
}

/** The full from -> to matrix; every non-zero number links to its customers. */
export async function MovementMatrix({ movement, from, to }: { movement: Movement; from: string; to: string }) {
  const t = await getTranslations("rfm");
  const dot = (s: Segment) => <span className="mr-1.5 inline-block size-2 rounded-full" style={{ backgroundColor: SEGMENT_COLORS[s] }} aria-hidden="true" />;
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("movement.matrix")}</CardTitle>
        <CardDescription>{t("movement.matrixHint")}</CardDescription>
      </CardHeader>
      <CardContent>
        <div className="overflow-x-auto rounded-md border">
          <Table data-testid="rfm-movement-matrix">
            <TableHeader>
              <TableRow>
                <TableHead className="sticky left-0 bg-background">{t("movement.fromTo")}</TableHead>
                {SEGMENTS.map((s) => (
                  <TableHead key={s} className="min-w-20 text-center text-xs whitespace-normal">{dot(s)}{t(`segments.${s}.label`)}</TableHead>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {movement.rows.map((fromSegment) => (
                <TableRow key={fromSegment ?? "new"} data-testid="rfm-movement-row" data-from={fromSegment ?? "new"}>
                  <TableHead scope="row" className="sticky left-0 bg-background text-xs font-medium whitespace-nowrap">
                    {fromSegment ? <>{dot(fromSegment)}{t(`segments.${fromSegment}.label`)}</> : t("movement.newFrom")}
                  </TableHead>
                  {SEGMENTS.map((toSegment) => {
                    const n = movement.counts.get(fromSegment)?.get(toSegment) ?? 0;
                    const same = fromSegment === toSegment;
                    return (
                      <TableCell key={toSegment} className={same ? "bg-muted/60 text-center tabular-nums" : "text-center tabular-nums"}>
                        {n === 0 ? (
                          <span className="text-muted-foreground">·</span>
                        ) : (
                          <Link
                            href={movementListHref({ from, to, fromSegment, toSegment })}
                            className={same ? "hover:underline" : "font-semibold text-primary hover:underline"}
                            data-testid="rfm-movement-cell"
                            data-from={fromSegment ?? "new"}
                            data-to={toSegment}
                          >
                            {count.format(n)}
                          </Link>
                        )}
                      </TableCell>
                    );
                  })}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      </CardContent>
    </Card>
  );
}

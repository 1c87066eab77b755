import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatIDR } from "@/lib/format";
import { SEGMENT_COLORS } from "@/lib/rfm/segments";
import type { SegmentShare } from "@/lib/rfm/queries";

const count = new Intl.NumberFormat("id-ID");
const percent = new Intl.NumberFormat("id-ID", { style: "percent", maximumFractionDigits: 1 });

/** The distribution as a table: every segment links to its customers. */
export async function DistributionTable({ rows }: { rows: SegmentShare[] }) {
  const t = await getTranslations("rfm");
  const totalCustomers = rows.reduce((s, r) => s + r.customers, 0);
  const totalRevenue = rows.reduce((s, r) => s + r.revenue, 0);
  return (
    <div className="overflow-x-auto rounded-md border">
      <Table data-testid="rfm-distribution-table">
        <TableHeader>
          <TableRow>
            <TableHead>{t("distribution.segment")}</TableHead>
            <TableHead className="text-right">{t("distribution.customers")}</TableHead>
            <TableHead className="text-right">{t("distribution.customerShare")}</TableHead>
            <TableHead className="text-right">{t("distribution.revenue")}</TableHead>
            <TableHead className="text-right">{t("distribution.revenueShare")}</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.segment} data-testid="rfm-distribution-row" data-segment={r.segment}>
              <TableCell>
                <Link href={`/rfm/segments/${r.segment}`} className="inline-flex items-center gap-2 font-medium hover:underline" data-testid="rfm-segment-link">
                  <span className="size-2.5 shrink-0 rounded-full" style={{ backgroundColor: SEGMENT_COLORS[r.segment] }} aria-hidden="true" />
                  {t(`segments.${r.segment}.label`)}
                </Link>
              </TableCell>
              <TableCell className="text-right tabular-nums" data-testid="rfm-distribution-customers">{count.format(r.customers)}</TableCell>
              <TableCell className="text-right tabular-nums">{percent.format(r.customerShare)}</TableCell>
              <TableCell className="text-right whitespace-nowrap tabular-nums">{formatIDR(r.revenue)}</TableCell>
              <TableCell className="text-right tabular-nums">{percent.format(r.revenueShare)}</TableCell>
            </TableRow>
          ))}
          <TableRow className="font-semibold">
            <TableCell>{t("distribution.total")}</TableCell>
            <TableCell className="text-right tabular-nums" data-testid="rfm-distribution-total">{count.format(totalCustomers)}</TableCell>
            <TableCell className="text-right tabular-nums">{percent.format(totalCustomers > 0 ? 1 : 0)}</TableCell>
            <TableCell className="text-right whitespace-nowrap tabular-nums">{formatIDR(totalRevenue)}</TableCell>
            <TableCell className="text-right tabular-nums">{percent.format(totalRevenue > 0 ? 1 : 0)}</TableCell>
          </TableRow>
        </TableBody>
      </Table>
    </div>
  );
}

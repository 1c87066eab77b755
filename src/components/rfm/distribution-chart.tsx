"use client";

import { useTranslations } from "next-intl";
import { Bar, BarChart, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { SEGMENT_COLORS } from "@/lib/rfm/segments";
import type { SegmentShare } from "@/lib/rfm/queries";

const count = new Intl.NumberFormat("id-ID");

/**
 * Customers per segment as horizontal bars (long Indonesian labels fit on a phone). Hidden
 * from screen readers: the table beside it carries the same figures.
 */
export function DistributionChart({ rows }: { rows: SegmentShare[] }) {
  const t = useTranslations("rfm");
  const data = rows.map((r) => ({ ...r, label: t(`segments.${r.segment}.label`) }));
  return (
    <div className="h-80 w-full" aria-hidden="true" data-testid="rfm-distribution-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 0, right: 40, bottom: 0, left: 0 }}>
          <XAxis type="number" hide allowDecimals={false} />
          <YAxis type="category" dataKey="label" width={128} tickLine={false} axisLine={false} fontSize={12} interval={0} />
          <Tooltip formatter={(value) => [count.format(Number(value)), t("distribution.customers")]} cursor={{ fillOpacity: 0.1 }} />
          <Bar dataKey="customers" radius={[0, 3, 3, 0]} isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.segment} fill={SEGMENT_COLORS[d.segment]} />
            ))}
            <LabelList dataKey="customers" position="right" fontSize={12} formatter={(v) => count.format(Number(v))} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

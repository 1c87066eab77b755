"use client";

import { useTranslations } from "next-intl";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDate, formatIDR } from "@/lib/format";
import type { DailyRevenue } from "../queries";

const compact = new Intl.NumberFormat("id-ID", { notation: "compact", maximumFractionDigits: 1 });

/** Daily revenue (WIB days, empty days 0) as bars; a text table for screen readers. */
export function RevenueChart({ daily, locale }: { daily: DailyRevenue[]; locale: "id" | "en" }) {
  const t = useTranslations("transactions.stats");
  return (
    <figure className="grid gap-2" data-testid="revenue-chart">
      <figcaption className="text-sm font-medium">{t("daily")}</figcaption>
      <div className="h-56 w-full" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={daily} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid vertical={false} strokeDasharray="3 3" className="stroke-border" />
            <XAxis dataKey="date" tickFormatter={(d: string) => d.slice(8)} tickLine={false} fontSize={12} minTickGap={8} />
            <YAxis tickFormatter={(v: number) => compact.format(v)} tickLine={false} axisLine={false} fontSize={12} width={48} />
            <Tooltip
              formatter={(value) => [formatIDR(Number(value)), t("revenue")]}
              labelFormatter={(label) => formatDate(String(label), locale)}
            />
            <Bar dataKey="revenue" fill="var(--color-primary)" radius={[3, 3, 0, 0]} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="sr-only">
        <tbody>
          {daily.map((d) => (
            <tr key={d.date}>
              <th scope="row">{formatDate(d.date, locale)}</th>
              <td>{formatIDR(d.revenue)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

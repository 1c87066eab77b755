import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { cn } from "@/components/utils";
import { heatRows, SCORES, type GridCell } from "@/lib/rfm/heat-map";
import { SEGMENT_COLORS } from "@/lib/rfm/segments";

const count = new Intl.NumberFormat("id-ID");
/** Share of the segment colour per shading level (0 = empty cell). */
const MIX = [0, 18, 32, 48, 66, 85];

/**
 * The 5 x 5 R x FM grid: each cell is tinted in its segment's colour, darker the more
 * customers it holds, and links to those customers. On a phone the cells show the count only;
 * the segment name is in the accessible label and on wider screens.
 */
export async function HeatMap({ cells }: { cells: GridCell[] }) {
  const t = await getTranslations("rfm");
  const rows = heatRows(cells);
  return (
    <div className="grid grid-cols-[auto_1fr] gap-2" data-testid="rfm-heatmap">
      <div className="flex items-center">
        <span className="text-xs font-medium text-muted-foreground [writing-mode:vertical-rl] rotate-180">{t("heatmap.rAxis")} →</span>
      </div>
      <div className="grid gap-1">
        {rows.map((row) => (
          <div key={row[0]?.rScore} className="grid grid-cols-[1.5rem_repeat(5,minmax(0,1fr))] gap-1">
            <span className="flex items-center justify-center text-xs font-medium text-muted-foreground">{row[0]?.rScore}</span>
            {row.map((cell) => {
              const label = t(`segments.${cell.segment}.label`);
              // White text only where the tint is strong enough to carry it.
              const dark = cell.level >= 4;
              return (
                <Link
                  key={cell.fmScore}
                  href={`/rfm/segments/${cell.segment}?r=${cell.rScore}&fm=${cell.fmScore}`}
                  aria-label={t("heatmap.cell", { segment: label, r: cell.rScore, fm: cell.fmScore, count: count.format(cell.customers) })}
                  title={label}
                  className={cn(
                    "flex min-h-14 flex-col items-center justify-center rounded-md border-2 p-1 text-center transition-transform hover:scale-[1.03] focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none sm:min-h-16",
                    dark ? "text-white" : "text-foreground",
                  )}
                  style={{
                    borderColor: SEGMENT_COLORS[cell.segment],
                    backgroundColor: `color-mix(in srgb, ${SEGMENT_COLORS[cell.segment]} ${MIX[cell.level]}%, transparent)`,
                  }}
                  data-testid="rfm-heat-cell"
                  data-r={cell.rScore}
                  data-fm={cell.fmScore}
                  data-segment={cell.segment}
                  data-count={cell.customers}
                >
                  <span className="text-sm font-semibold tabular-nums sm:text-base">{count.format(cell.customers)}</span>
                  <span className={cn("hidden text-[11px] leading-tight sm:block", dark ? "text-white/90" : "text-muted-foreground")}>{label}</span>
                </Link>
              );
            })}
          </div>
        ))}
        <div className="grid grid-cols-[1.5rem_repeat(5,minmax(0,1fr))] gap-1">
          <span />
          {SCORES.map((fm) => (
            <span key={fm} className="text-center text-xs font-medium text-muted-foreground">{fm}</span>
          ))}
        </div>
        <p className="text-center text-xs font-medium text-muted-foreground">{t("heatmap.fmAxis")} →</p>
      </div>
    </div>
  );
}

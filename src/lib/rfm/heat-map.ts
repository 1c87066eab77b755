/**
 * The R x FM heat map's layout: rows R = 5 (top, most recent) down to 1, columns FM = 1..5,
 * every one of the 25 cells present (0 where the run has nobody), and a shading level per
 * cell relative to the fullest cell, so a shop of 40 and a shop of 40,000 both read well.
 */
import { SCORES, segmentOfCell, type Score } from "./grid";
import type { Segment } from "./segments";

/** One cell as the engine's overview returns it (src/lib/rfm/queries.ts GridCellCount). */
export interface GridCell {
  rScore: number;
  fmScore: number;
  segment: Segment;
  customers: number;
}

export interface HeatCell extends GridCell {
  rScore: Score;
  fmScore: Score;
  /** 0 for an empty cell, else 1..5 (5 = the fullest cell). */
  level: number;
}

export { SCORES };

export function heatLevel(customers: number, max: number): number {
  if (customers <= 0 || max <= 0) return 0;
  return Math.max(1, Math.ceil((5 * customers) / max));
}

/**
 * Rows R5..R1 of cells FM1..FM5. A cell the input lacks takes its segment from the grid
 * (the grid is total: every cell has a segment even when nobody is in it).
 */
export function heatRows(cells: readonly GridCell[]): HeatCell[][] {
  const byKey = new Map(cells.map((c) => [`${c.rScore}:${c.fmScore}`, c]));
  const max = cells.reduce((m, c) => Math.max(m, c.customers), 0);
  return [...SCORES].reverse().map((r) =>
    SCORES.map((fm) => {
      const cell = byKey.get(`${r}:${fm}`);
      const customers = cell?.customers ?? 0;
      return { rScore: r, fmScore: fm, segment: cell?.segment ?? segmentOfCell(r, fm), customers, level: heatLevel(customers, max) };
    }),
  );
}

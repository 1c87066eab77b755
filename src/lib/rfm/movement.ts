/**
 * The movement between two runs as the UI shows it: the from -> to matrix (rows: the segment
 * in the earlier run, or "new"; columns: the segment in the later run) and the moves as a
 * list, biggest first, for the phone view ("12 Pelanggan Setia menjadi Berisiko").
 */
import { SEGMENTS, segmentRank, type Segment } from "./segments";

/** One number of the engine's movement (src/lib/rfm/queries.ts MovementFlow). */
export interface MovementRow {
  /** null = no segment in the earlier run (new customer or first purchase since). */
  from: Segment | null;
  /** null = not in the later run (e.g. deleted since); counted apart. */
  to: Segment | null;
  customers: number;
}

export interface Move {
  from: Segment | null;
  to: Segment;
  customers: number;
}

export interface Movement {
  /** Row keys: SEGMENTS then null (new), only rows that have someone. */
  rows: (Segment | null)[];
  /** counts.get(from)?.get(to) */
  counts: Map<Segment | null, Map<Segment, number>>;
  /** Customers whose segment changed (new customers included). */
  changes: Move[];
  moved: number;
  stayed: number;
  newCustomers: number;
  gone: number;
}

export function buildMovement(input: readonly MovementRow[]): Movement {
  const counts = new Map<Segment | null, Map<Segment, number>>();
  let moved = 0;
  let stayed = 0;
  let newCustomers = 0;
  let gone = 0;
  for (const row of input) {
    if (row.customers <= 0) continue;
    if (row.to === null) {
      gone += row.customers;
      continue;
    }
    const line = counts.get(row.from) ?? new Map<Segment, number>();
    line.set(row.to, (line.get(row.to) ?? 0) + row.customers);
    counts.set(row.from, line);
    if (row.from === null) newCustomers += row.customers;
    else if (row.from === row.to) stayed += row.customers;
    else moved += row.customers;
  }
  const changes: Move[] = [];
  for (const [from, line] of counts) {
    for (const [to, customers] of line) if (from !== to) changes.push({ from, to, customers });
  }
  const rank = (s: Segment | null) => (s === null ? SEGMENTS.length : segmentRank(s));
  changes.sort((a, b) => b.customers - a.customers || rank(a.from) - rank(b.from) || rank(a.to) - rank(b.to));
  const rows = [...SEGMENTS, null].filter((s) => counts.has(s));
  return { rows, counts, changes, moved, stayed, newCustomers, gone };
}

/**
 * URL search parameters of the analysis pages (sorting, paging, one grid cell, the runs to
 * compare). Hand-edited or stale URLs fall back to the defaults field by field instead of
 * showing an error page: a bad `page` must not lose a good `sort`.
 */
import { z } from "zod";
import { isSegment, type Segment } from "./segments";

export type SearchParams = Record<string, string | string[] | undefined>;

export const SEGMENT_SORTS = ["name", "recency", "frequency", "monetary"] as const;
export type SegmentSort = (typeof SEGMENT_SORTS)[number];
export const PAGE_SIZE = 25;

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

const score = z.coerce.number().int().min(1).max(5);
const uuid = z.uuid();

function pick<T>(schema: z.ZodType<T>, value: string | undefined, fallback: T): T {
  if (value === undefined || value === "") return fallback;
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : fallback;
}

export interface SegmentListParams {
  sort: SegmentSort;
  desc: boolean;
  page: number;
  /** One cell of the R x FM grid; both or neither. */
  r: number | null;
  fm: number | null;
  /** A kept run other than the latest. */
  run: string | null;
}

/** Sort defaults: recency shows the freshest first (fewest days), the others the largest first. */
export function defaultDesc(sort: SegmentSort): boolean {
  return sort !== "recency" && sort !== "name";
}

export function parseSegmentListParams(params: SearchParams): SegmentListParams {
  const sort = pick(z.enum(SEGMENT_SORTS), first(params.sort), "monetary");
  const dir = pick(z.enum(["asc", "desc"]), first(params.dir), defaultDesc(sort) ? "desc" : "asc");
  const r = pick(score.nullable(), first(params.r), null);
  const fm = pick(score.nullable(), first(params.fm), null);
  const cell = r !== null && fm !== null;
  return {
    sort,
    desc: dir === "desc",
    page: pick(z.coerce.number().int().min(1).max(100_000), first(params.page), 1),
    r: cell ? r : null,
    fm: cell ? fm : null,
    run: pick(uuid.nullable(), first(params.run), null),
  };
}

/** The query string for a segment list with some values changed (defaults are left out). */
export function segmentListQuery(current: SegmentListParams, patch: Partial<SegmentListParams>): string {
  const next = { ...current, ...patch };
  const q = new URLSearchParams();
  if (next.run) q.set("run", next.run);
  if (next.r !== null && next.fm !== null) {
    q.set("r", String(next.r));
    q.set("fm", String(next.fm));
  }
  if (next.sort !== "monetary") q.set("sort", next.sort);
  if (next.desc !== defaultDesc(next.sort)) q.set("dir", next.desc ? "desc" : "asc");
  if (next.page > 1) q.set("page", String(next.page));
  const qs = q.toString();
  return qs ? `?${qs}` : "";
}

/** "new" in a movement link: customers with no segment in the earlier run. */
export const NEW_IN_RUN = "new";

export interface MovementParams {
  from: string | null;
  to: string | null;
}

export function parseMovementParams(params: SearchParams): MovementParams {
  return { from: pick(uuid.nullable(), first(params.from), null), to: pick(uuid.nullable(), first(params.to), null) };
}

export interface MovementListParams {
  from: string;
  to: string;
  /** null = new in the later run. */
  fromSegment: Segment | null;
  toSegment: Segment;
  page: number;
}

/** The list behind one movement number; null when the URL does not name one (-> 404). */
export function parseMovementListParams(params: SearchParams): MovementListParams | null {
  const from = pick(uuid.nullable(), first(params.from), null);
  const to = pick(uuid.nullable(), first(params.to), null);
  const fs = first(params.fs);
  const ts = first(params.ts);
  if (!from || !to || !isSegment(ts) || !(fs === NEW_IN_RUN || isSegment(fs))) return null;
  return {
    from,
    to,
    fromSegment: fs === NEW_IN_RUN ? null : fs,
    toSegment: ts,
    page: pick(z.coerce.number().int().min(1).max(100_000), first(params.page), 1),
  };
}

export function movementListHref(p: Omit<MovementListParams, "page"> & { page?: number }): string {
  const q = new URLSearchParams({ from: p.from, to: p.to, fs: p.fromSegment ?? NEW_IN_RUN, ts: p.toSegment });
  if (p.page && p.page > 1) q.set("page", String(p.page));
  return `/rfm/movement/customers?${q.toString()}`;
}

export function pageCount(total: number, size = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / size));
}

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The export of exactly the list on screen (same run, cell and order; all pages). */
export function segmentExportHref(segment: Segment, current: SegmentListParams, format: ExportFormat): string {
  const q = new URLSearchParams(segmentListQuery(current, { page: 1 }).slice(1));
  q.set("format", format);
  return `/rfm/segments/${segment}/export?${q.toString()}`;
}

import { describe, expect, it } from "vitest";
import { movementListHref, pageCount, parseMovementListParams, parseMovementParams, parseSegmentListParams, segmentExportHref, segmentListQuery } from "./params";

const RUN = "7b0c9d3e-1f2a-4b5c-8d6e-0a1b2c3d4e5f";
const RUN2 = "1e2d3c4b-5a69-4788-9a0b-c1d2e3f4a5b6";

describe("parseSegmentListParams", () => {
  it("defaults: by monetary, largest first, page 1, whole segment, latest run", () => {
    expect(parseSegmentListParams({})).toEqual({ sort: "monetary", desc: true, page: 1, r: null, fm: null, run: null });
  });

  it("recency and name default to ascending (freshest / A first)", () => {
    expect(parseSegmentListParams({ sort: "recency" }).desc).toBe(false);
    expect(parseSegmentListParams({ sort: "name" }).desc).toBe(false);
    expect(parseSegmentListParams({ sort: "frequency" }).desc).toBe(true);
    expect(parseSegmentListParams({ sort: "frequency", dir: "asc" }).desc).toBe(false);
  });

  it("a bad value falls back field by field, keeping the good ones", () => {
    expect(parseSegmentListParams({ sort: "name", page: "-3", dir: "sideways", run: "not-a-uuid" })).toEqual({
      sort: "name", desc: false, page: 1, r: null, fm: null, run: null,
    });
    expect(parseSegmentListParams({ sort: "drop table", page: "2" })).toMatchObject({ sort: "monetary", page: 2 });
    expect(parseSegmentListParams({ page: "1.5" }).page).toBe(1);
  });

  it("a grid cell needs both r and fm within 1..5", () => {
    expect(parseSegmentListParams({ r: "5", fm: "4" })).toMatchObject({ r: 5, fm: 4 });
    expect(parseSegmentListParams({ r: "5" })).toMatchObject({ r: null, fm: null });
    expect(parseSegmentListParams({ r: "6", fm: "4" })).toMatchObject({ r: null, fm: null });
    expect(parseSegmentListParams({ r: "0", fm: "1" })).toMatchObject({ r: null, fm: null });
  });

  it("takes the first of repeated keys", () => {
    expect(parseSegmentListParams({ sort: ["frequency", "name"], run: [RUN, "x"] })).toMatchObject({ sort: "frequency", run: RUN });
  });
});

describe("segmentListQuery", () => {
  const base = parseSegmentListParams({});
  it("leaves defaults out of the URL", () => {
    expect(segmentListQuery(base, {})).toBe("");
    expect(segmentListQuery(base, { page: 1 })).toBe("");
  });
  it("round-trips through the parser", () => {
    const state = { sort: "recency", desc: true, page: 3, r: 2, fm: 5, run: RUN } as const;
    const qs = segmentListQuery(base, state);
    expect(qs).toBe(`?run=${RUN}&r=2&fm=5&sort=recency&dir=desc&page=3`);
    expect(parseSegmentListParams(Object.fromEntries(new URLSearchParams(qs)))).toEqual(state);
  });
});

describe("movement params", () => {
  it("from/to runs are uuids or null", () => {
    expect(parseMovementParams({ from: RUN, to: RUN2 })).toEqual({ from: RUN, to: RUN2 });
    expect(parseMovementParams({ from: "x" })).toEqual({ from: null, to: null });
  });

  it("the list behind a number: 'new' means no earlier segment; anything unknown is refused", () => {
    const href = movementListHref({ from: RUN, to: RUN2, fromSegment: "loyal_customers", toSegment: "at_risk" });
    expect(href).toBe(`/rfm/movement/customers?from=${RUN}&to=${RUN2}&fs=loyal_customers&ts=at_risk`);
    const q = Object.fromEntries(new URL(href, "http://x").searchParams);
    expect(parseMovementListParams(q)).toEqual({ from: RUN, to: RUN2, fromSegment: "loyal_customers", toSegment: "at_risk", page: 1 });
    expect(parseMovementListParams({ from: RUN, to: RUN2, fs: "new", ts: "champions", page: "2" })).toMatchObject({ fromSegment: null, page: 2 });
    expect(parseMovementListParams({ from: RUN, to: RUN2, fs: "others", ts: "champions" })).toBeNull();
    expect(parseMovementListParams({ from: RUN, to: RUN2, fs: "lost", ts: "new" })).toBeNull();
    expect(parseMovementListParams({ from: RUN, fs: "lost", ts: "lost" })).toBeNull();
  });
});

describe("pageCount", () => {
  it("is at least 1 and rounds up", () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(25)).toBe(1);
    expect(pageCount(26)).toBe(2);
  });
});

describe("segmentExportHref", () => {
  it("keeps the run, the cell and the order, drops the page, adds the format", () => {
    const q = parseSegmentListParams({ run: RUN, r: "2", fm: "3", sort: "name", page: "4" });
    expect(segmentExportHref("at_risk", q, "xlsx")).toBe(`/rfm/segments/at_risk/export?run=${RUN}&r=2&fm=3&sort=name&format=xlsx`);
    expect(segmentExportHref("lost", parseSegmentListParams({}), "csv")).toBe("/rfm/segments/lost/export?format=csv");
  });
});

import type { SupabaseClient } from "@supabase/supabase-js";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../supabase/database.types";
import { forgetMemberships, loadMembershipsCached, MEMBERSHIP_CACHE_MS, pickActiveBusiness, roleAtLeast, type Membership } from "./memberships";

const a: Membership = { id: "a", name: "Batik Sari", role: "owner" };
const b: Membership = { id: "b", name: "Kopi Kita", role: "staff" };

describe("pickActiveBusiness", () => {
  it("uses the cookie only when it names one of the user's businesses", () => {
    expect(pickActiveBusiness([a, b], "b")).toBe(b);
    expect(pickActiveBusiness([a, b], "someone-elses")).toBe(a);
    expect(pickActiveBusiness([a, b], undefined)).toBe(a);
    expect(pickActiveBusiness([], "a")).toBeNull();
  });
});

describe("roleAtLeast", () => {
  it("orders owner > admin > staff > viewer", () => {
    expect(roleAtLeast("owner", "admin")).toBe(true);
    expect(roleAtLeast("admin", "admin")).toBe(true);
    expect(roleAtLeast("staff", "admin")).toBe(false);
    expect(roleAtLeast("viewer", "staff")).toBe(false);
    expect(roleAtLeast("viewer", "viewer")).toBe(true);
  });
});

/** A client whose business_members query answers `rows` and counts the reads. */
function membersClient(rows: { role: Membership["role"]; business: { id: string; name: string } }[]) {
  const state = { reads: 0, rows };
  const query = {
    select: () => query,
    eq: () => query,
    order: () => {
      state.reads++;
      return Promise.resolve({ data: state.rows.map((r) => ({ ...r, created_at: "2026-01-01" })), error: null });
    },
  };
  const client = { from: () => query } as unknown as SupabaseClient<Database>;
  return { client, state };
}

describe("loadMembershipsCached", () => {
  beforeEach(() => forgetMemberships());

  it("reads business_members once per user within the TTL, then again", async () => {
    const { client, state } = membersClient([{ role: "owner", business: { id: "a", name: "Batik Sari" } }]);
    const t0 = 1_000_000;
    expect(await loadMembershipsCached(client, "u1", t0)).toEqual([a]);
    expect(await loadMembershipsCached(client, "u1", t0 + MEMBERSHIP_CACHE_MS - 1)).toEqual([a]);
    expect(state.reads).toBe(1);
    state.rows = [{ role: "viewer", business: { id: "a", name: "Batik Sari" } }];
    expect(await loadMembershipsCached(client, "u1", t0 + MEMBERSHIP_CACHE_MS)).toEqual([{ ...a, role: "viewer" }]);
    expect(state.reads).toBe(2);
  });

  it("keeps users apart and never remembers 'no business' (a new owner sees theirs at once)", async () => {
    const { client, state } = membersClient([]);
    expect(await loadMembershipsCached(client, "u2", 5)).toEqual([]);
    state.rows = [{ role: "owner", business: { id: "b", name: "Kopi Kita" } }];
    expect(await loadMembershipsCached(client, "u2", 6)).toEqual([{ ...b, role: "owner" }]);
    expect(await loadMembershipsCached(client, "u3", 7)).toEqual([{ ...b, role: "owner" }]);
    expect(state.reads).toBe(3);
  });

  it("forgets a user after a change made through this process", async () => {
    const { client, state } = membersClient([{ role: "staff", business: { id: "b", name: "Kopi Kita" } }]);
    await loadMembershipsCached(client, "u4", 10);
    forgetMemberships("u4");
    state.rows = [];
    expect(await loadMembershipsCached(client, "u4", 11)).toEqual([]);
    expect(state.reads).toBe(2);
  });
});

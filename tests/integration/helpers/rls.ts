/**
 * Shapes and assertions of the tenant-isolation suite (rls.test.ts): what a table spec holds,
 * and the "refused / nothing visible / row unchanged" checks every attack runs.
 */
import type { PostgrestError, SupabaseClient } from "@supabase/supabase-js";
import { expect } from "vitest";
import { snapshot } from "./db";

export interface Outcome { data: unknown; error: PostgrestError | null }

/** Whose rows the insert/filters aim at: business B's (cross-tenant) or A's own (viewer). */
export interface Target { businessId: string; ownerId: string; customerId: string; actorId: string }

export interface TableSpec {
  /** Column that identifies one row in filters. */
  key: string;
  /** tenant: has business_id; user: belongs to one user; platform: neither. */
  scope: "tenant" | "user" | "platform";
  /** Key of a row belonging to B (or B's owner, or another user), made as superuser. */
  foreignRow: () => Promise<string>;
  /** Key of a row of business A (tenant tables), for the viewer checks. */
  ownRow?: () => Promise<string>;
  insert: (target: Target) => Record<string, unknown>;
  patch: Record<string, unknown>;
  /** SQLSTATEs accepted for a refused insert besides 42501 (a check that fires before RLS). */
  insertAlsoRefusedWith?: string[];
}

/** Refused: an error with SQLSTATE 42501 (no privilege, or RLS WITH CHECK). */
export function expectRefused(outcome: Outcome, what: string, alsoAccepted: string[] = []): void {
  expect(["42501", ...alsoAccepted], `${what}: expected 42501, got ${JSON.stringify(outcome.error ?? outcome.data)}`)
    .toContain(outcome.error?.code);
}

/** Nothing visible/affected: either refused outright or zero rows. */
export function expectNothing(outcome: Outcome, what: string): void {
  if (outcome.error) expectRefused(outcome, what);
  else expect(outcome.data, what).toEqual([]);
}

/**
 * Tries insert, update and delete (and select when `mayRead` is false); the superuser then
 * checks the row did not change.
 */
export async function attackRow(user: SupabaseClient, table: string, spec: TableSpec, value: string, t: Target, label: string, mayRead: boolean) {
  const before = await snapshot(table, spec.key, value);
  expect(before, `${table} fixture row ${value}`).toHaveLength(1);
  if (!mayRead) {
    expectNothing(await user.from(table).select("*").eq(spec.key, value), `${label} select ${table}`);
  }
  expectRefused(await user.from(table).insert(spec.insert(t)), `${label} insert ${table}`, spec.insertAlsoRefusedWith);
  expectNothing(await user.from(table).update(spec.patch).eq(spec.key, value).select(), `${label} update ${table}`);
  expectNothing(await user.from(table).delete().eq(spec.key, value).select(), `${label} delete ${table}`);
  expect(await snapshot(table, spec.key, value), `${label}: ${table} row changed`).toEqual(before);
}

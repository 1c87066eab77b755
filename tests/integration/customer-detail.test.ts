/**
 * Rules behind the customer detail page (migration 20260201000400): who may edit or delete a
 * note (owner / admin, or the author), the note's timeline entry following it, the audit
 * trail, the live lifetime figures, and tagging one customer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCustomerTag, deleteNote, removeCustomerTag, updateNote } from "@/features/customers/detail-mutations";
import { getCustomerLifetime } from "@/features/customers/queries";
import { AppError } from "@/lib/api/errors";
import { closeDb, sql, sqlOne } from "./helpers/db";
import { addMember, randomWhatsapp, registerOwner, type TestOwner, type TestUser } from "./helpers/users";

let owner: TestOwner;
let other: TestOwner;
let admin: TestUser;
let staff: TestUser;
let staff2: TestUser;
let customerId: string;

async function noteBy(who: TestUser, body: string): Promise<{ id: string; updated_at: string }> {
  const { data, error } = await who.client
    .from("customer_notes")
    .insert({ business_id: owner.businessId, customer_id: customerId, body })
    .select("id, updated_at")
    .single();
  if (error) throw new Error(error.message);
  return data;
}

const codeOf = async (p: Promise<unknown>) => p.then(() => "OK", (err: unknown) => (err instanceof AppError ? err.code : String(err)));

beforeAll(async () => {
  [owner, other] = await Promise.all([registerOwner("detail-owner"), registerOwner("detail-other")]);
  [admin, staff, staff2] = await Promise.all([addMember(owner, "admin", "detail-admin"), addMember(owner, "staff", "detail-staff"), addMember(owner, "staff", "detail-staff2")]);
  const { data, error } = await owner.client.from("customers").insert({ business_id: owner.businessId, name: "Pelanggan Detail", whatsapp: randomWhatsapp() }).select("id").single();
  if (error) throw new Error(error.message);
  customerId = data.id;
});

afterAll(closeDb);

describe("notes: edit and delete", () => {
  it("lets the author edit, refuses another staff member, and lets an admin edit anyone's", async () => {
    const note = await noteBy(staff, "Catatan staf");
    const ref = { businessId: owner.businessId, id: note.id };
    expect(await codeOf(updateNote(staff2.client, { ...ref, noteType: "general", body: "Diubah staf lain", isInternal: false, expectedUpdatedAt: note.updated_at }))).toBe("FORBIDDEN");

    const edited = await updateNote(staff.client, { ...ref, noteType: "complaint", body: "Catatan staf, diperbaiki", isInternal: true, expectedUpdatedAt: note.updated_at });
    expect(edited).toMatchObject({ body: "Catatan staf, diperbaiki", note_type: "complaint", is_internal: true });
    // The version the editor loaded is now stale.
    expect(await codeOf(updateNote(admin.client, { ...ref, noteType: "general", body: "Versi lama", isInternal: false, expectedUpdatedAt: note.updated_at }))).toBe("CONFLICT");
    const byAdmin = await updateNote(admin.client, { ...ref, noteType: "general", body: "Dirapikan admin", isInternal: false, expectedUpdatedAt: edited.updated_at });
    expect(byAdmin.body).toBe("Dirapikan admin");

    // The timeline entry follows the note; the audit log holds every version.
    const activity = await sqlOne<{ body: string; title: string }>(
      "select body, title from public.customer_activities where customer_id = $1 and kind = 'note' and metadata->>'note_id' = $2",
      [customerId, note.id],
    );
    expect(activity).toEqual({ body: "Dirapikan admin", title: "general" });
    const audit = await sql<{ action: string; actor_id: string }>(
      "select action, actor_id from public.audit_log where table_name = 'customer_notes' and record_id = $1 order by id",
      [note.id],
    );
    expect(audit.map((a) => a.action.toLowerCase())).toEqual(["insert", "update", "update"]);
    expect(audit.map((a) => a.actor_id)).toEqual([staff.id, staff.id, admin.id]);
  });

  it("deletes only for owner / admin or the author, removing the timeline entry and keeping the audit", async () => {
    const note = await noteBy(staff, "Akan dihapus");
    const ref = { businessId: owner.businessId, id: note.id };
    expect(await codeOf(deleteNote(staff2.client, ref))).toBe("FORBIDDEN");
    expect(await codeOf(deleteNote(other.client, { businessId: other.businessId, id: note.id }))).toBe("NOT_FOUND");
    expect(await codeOf(deleteNote(other.client, ref))).toBe("NOT_FOUND");
    expect(await deleteNote(owner.client, ref)).toEqual({ id: note.id });
    expect(await codeOf(deleteNote(owner.client, ref))).toBe("NOT_FOUND");

    const left = await sqlOne<{ n: number }>("select count(*)::int as n from public.customer_activities where metadata->>'note_id' = $1", [note.id]);
    expect(left.n).toBe(0);
    const audit = await sqlOne<{ before: { body: string } }>(
      "select before from public.audit_log where table_name = 'customer_notes' and record_id = $1 and lower(action) = 'delete'",
      [note.id],
    );
    expect(audit.before.body).toBe("Akan dihapus");

    const own = await noteBy(staff2, "Punya staf dua");
    expect(await deleteNote(staff2.client, { businessId: owner.businessId, id: own.id })).toEqual({ id: own.id });
  });
});

describe("customer_lifetime", () => {
  it("counts completed sales at once, ignores voided ones, and reads zeros for another business", async () => {
    const sale = (amount: number, date: string) =>
      owner.client.rpc("record_transaction", { p_business_id: owner.businessId, p_customer_id: customerId, p_date: date, p_amount: amount });
    const results = await Promise.all([sale(100000, "2025-03-01"), sale(250000, "2025-06-15"), sale(999000, "2025-07-01")]);
    expect(results.map((r) => r.error)).toEqual([null, null, null]);
    const { error } = await owner.client.rpc("void_transaction", { p_id: results[2]?.data?.id ?? "", p_reason: "Salah catat" });
    expect(error).toBeNull();

    const where = { businessId: owner.businessId, id: customerId };
    expect(await getCustomerLifetime(owner.client, where)).toEqual({
      transactionsCount: 2, totalSpent: 350000, averageOrder: 175000, firstPurchaseDate: "2025-03-01", lastPurchaseDate: "2025-06-15",
    });
    // customer_stats has not been refreshed (no job ran): the page does not depend on it.
    const stats = await sql("select 1 from public.customer_stats where customer_id = $1", [customerId]);
    expect(stats).toHaveLength(0);
    expect(await getCustomerLifetime(other.client, where)).toMatchObject({ transactionsCount: 0, totalSpent: 0 });
  });
});

describe("tagging one customer", () => {
  it("adds a new coloured tag, reuses it by name in any case, and removes it", async () => {
    const base = { businessId: owner.businessId, customerId };
    const created = await addCustomerTag(staff.client, { ...base, name: "Langganan", color: "#16a34a" });
    expect(created).toMatchObject({ name: "Langganan", color: "#16a34a" });
    const again = await addCustomerTag(staff.client, { ...base, name: "LANGGANAN", color: "#000000" });
    expect(again.id).toBe(created.id);
    expect(await addCustomerTag(staff.client, { ...base, tagId: created.id })).toMatchObject({ id: created.id });
    const links = await sqlOne<{ n: number }>("select count(*)::int as n from public.customer_tags where customer_id = $1", [customerId]);
    expect(links.n).toBe(1);

    expect(await codeOf(addCustomerTag(other.client, { businessId: other.businessId, customerId, name: "Curang", color: "#ff0000" }))).toBe("NOT_FOUND");
    expect(await codeOf(addCustomerTag(other.client, { ...base, tagId: created.id }))).toBe("NOT_FOUND");
    expect(await removeCustomerTag(other.client, { ...base, tagId: created.id })).toEqual({ removed: 0 });
    expect(await removeCustomerTag(staff.client, { ...base, tagId: created.id })).toEqual({ removed: 1 });
  });
});

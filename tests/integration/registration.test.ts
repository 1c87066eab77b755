/**
 * Registration and membership lifecycle against the real database trigger and RPCs.
 *
 * Sign-ups insert into auth.users the way the Auth service does (one statement in one
 * transaction), so a refused sign-up must leave nothing behind: no auth user, no profile,
 * no business. RPCs are called through PostgREST as the signed-in user.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { PostgrestError } from "@supabase/supabase-js";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, sql, sqlOne } from "./helpers/db";
import {
  anonClient, createUser, insertAuthUser, randomWhatsapp, registerOwner, uniqueEmail, type RegistrationData, type TestOwner,
} from "./helpers/users";

afterAll(closeDb);

/** Rows anywhere that a sign-up with this e-mail / business name could have left. */
async function leftovers(email: string, businessName?: string): Promise<number> {
  const row = await sqlOne<{ n: number }>(
    `select ((select count(*) from auth.users where email = $1)
           + (select count(*) from public.profiles where email = $1)
           + (select count(*) from public.businesses where name = $2))::int as n`,
    [email, businessName ?? ""],
  );
  return row.n;
}

/** The pg error a refused sign-up raises (message + HINT key). */
async function refusedSignup(data: RegistrationData, email = uniqueEmail("ditolak")): Promise<{ message: string; hint?: string }> {
  const error = await insertAuthUser(email, data).then(
    () => null,
    (e: unknown) => e as { message: string; hint?: string },
  );
  if (!error) throw new Error(`sign-up with ${JSON.stringify(data)} was accepted`);
  expect(await leftovers(email, data.business_name), "a refused sign-up left rows behind").toBe(0);
  return error;
}

function expectError(error: PostgrestError | null, code: string, hint: string): void {
  expect(error, `expected ${code}/${hint}`).not.toBeNull();
  expect({ code: error?.code, hint: error?.hint }).toEqual({ code, hint });
}

async function invite(owner: TestOwner, email: string, role: "admin" | "staff" | "viewer"): Promise<string> {
  const { data, error } = await owner.client.rpc("invite_member", { p_business_id: owner.businessId, p_email: email, p_role: role });
  expect(error).toBeNull();
  const token = data?.[0]?.token;
  if (!token) throw new Error("invite_member returned no token");
  return token;
}

const roleOf = async (businessId: string, userId: string) =>
  (await sql<{ role: string }>("select role from public.business_members where business_id = $1 and user_id = $2", [businessId, userId]))[0]?.role;

describe("sign-up with a business", () => {
  it("creates the profile, the business and the owner membership in one step", async () => {
    const email = uniqueEmail("daftar");
    const whatsapp = randomWhatsapp();
    const name = `Batik Sari ${randomUUID().slice(0, 6)}`;
    const user = await createUser({ full_name: "  Sari Dewi ", business_name: ` ${name} `, whatsapp, locale: "en" }, email);

    const profile = await sqlOne("select full_name, whatsapp, email::text as email, locale from public.profiles where id = $1", [user.id]);
    expect(profile).toEqual({ full_name: "Sari Dewi", whatsapp, email, locale: "en" });
    const business = await sqlOne("select id, name, whatsapp, timezone, created_by from public.businesses where name = $1", [name]);
    expect(business).toMatchObject({ name, whatsapp, timezone: "Asia/Jakarta", created_by: user.id });
    expect(await roleOf(String(business.id), user.id)).toBe("owner");

    // And the new owner sees it through the API.
    const { data } = await user.client.from("business_members").select("role, business:businesses!inner(id, name)").eq("user_id", user.id);
    expect(data).toEqual([{ role: "owner", business: { id: business.id, name } }]);
  });

  it.each([
    ["a number that is not E.164", { whatsapp: "08123456789" }, "whatsapp_invalid"],
    ["a landline", { whatsapp: "+62215551234" }, "whatsapp_invalid"],
    ["no WhatsApp number", { whatsapp: "" }, "whatsapp_required"],
    ["no business name", { business_name: "   " }, "business_name_required"],
    ["a business name over 120 characters", { business_name: "U".repeat(121) }, "business_name_too_long"],
    ["no full name", { full_name: "" }, "full_name_required"],
    ["a full name over 120 characters", { full_name: "N".repeat(121) }, "full_name_too_long"],
    ["both a business and an invitation", { invitation_token: "a".repeat(64) }, "registration_ambiguous"],
    ["an unknown locale", { locale: "fr" }, "locale_invalid"],
  ] as const)("refuses %s and leaves nothing behind", async (_label, change, hint) => {
    const data: RegistrationData = {
      full_name: "Budi",
      business_name: `Kopi Budi ${randomUUID().slice(0, 6)}`,
      whatsapp: randomWhatsapp(),
      ...change,
    };
    const error = await refusedSignup(data);
    expect(error.hint).toBe(hint);
    expect(error.message.length).toBeGreaterThan(10);
  });
});

describe("sign-up with an invitation", () => {
  it("joins the inviting business with the invited role, whatever the e-mail's case", async () => {
    const owner = await registerOwner("undang");
    const email = uniqueEmail("staf");
    const token = await invite(owner, email.toUpperCase(), "staff");

    const anon = await anonClient();
    const preview = await anon.rpc("get_invitation", { p_token: token });
    expect(preview.error).toBeNull();
    expect(preview.data).toEqual([
      { business_name: expect.stringContaining("Usaha undang"), email, role: "staff", status: "pending", expires_at: expect.any(String) },
    ]);

    const member = await createUser({ full_name: "Staf Baru", invitation_token: token }, email);
    expect(await roleOf(owner.businessId, member.id)).toBe("staff");
    expect((await sql("select 1 from public.businesses where created_by = $1", [member.id])).length).toBe(0);
    const invitation = await sqlOne("select accepted_by, accepted_at is not null as accepted from public.business_invitations where business_id = $1", [owner.businessId]);
    expect(invitation).toEqual({ accepted_by: member.id, accepted: true });
    expect((await anon.rpc("get_invitation", { p_token: token })).data?.[0]?.status).toBe("accepted");
  });

  it("stores only the SHA-256 of the token", async () => {
    const owner = await registerOwner("hash");
    const token = await invite(owner, uniqueEmail("hash"), "viewer");
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    const row = await sqlOne<{ token_hash: string }>("select token_hash from public.business_invitations where business_id = $1", [owner.businessId]);
    expect(row.token_hash).toBe(createHash("sha256").update(token).digest("hex"));
  });

  it("refuses another e-mail, an expired, a revoked or an unknown invitation, leaving nothing", async () => {
    const owner = await registerOwner("tolak");
    const invited = uniqueEmail("diundang");
    const token = await invite(owner, invited, "staff");
    expect((await refusedSignup({ full_name: "Penyusup", invitation_token: token })).hint).toBe("invitation_email_mismatch");

    // An invitation past its expiry (written directly: the lifecycle trigger forbids editing expires_at).
    const lateEmail = uniqueEmail("telat");
    const lateToken = randomBytes(32).toString("hex");
    await sql(
      `insert into public.business_invitations (business_id, email, role, token_hash, created_at, expires_at)
       values ($1, $2, 'staff', $3, now() - interval '8 days', now() - interval '1 day')`,
      [owner.businessId, lateEmail, createHash("sha256").update(lateToken).digest("hex")],
    );
    expect((await refusedSignup({ full_name: "Telat", invitation_token: lateToken }, lateEmail)).hint).toBe("invitation_expired");

    const other = uniqueEmail("dicabut");
    const revokedToken = await invite(owner, other, "viewer");
    const revoke = await owner.client.from("business_invitations").update({ revoked_at: "2000-01-01T00:00:00Z" }).eq("email", other).select("revoked_at");
    expect(revoke.error).toBeNull();
    // The database stamps the real time, whatever the client sent.
    expect(Date.parse(revoke.data?.[0]?.revoked_at ?? "")).toBeGreaterThan(Date.now() - 60_000);
    expect((await refusedSignup({ full_name: "Dicabut", invitation_token: revokedToken }, other)).hint).toBe("invitation_revoked");

    expect((await refusedSignup({ full_name: "Asal", invitation_token: randomBytes(32).toString("hex") })).hint).toBe("invitation_not_found");
  });
});

describe("create_business", () => {
  it("gives a signed-in user another business they own", async () => {
    const owner = await registerOwner("cabang");
    const name = `Cabang Kedua ${randomUUID().slice(0, 6)}`;
    const { data, error } = await owner.client.rpc("create_business", { p_name: name, p_whatsapp: randomWhatsapp() });
    expect(error).toBeNull();
    expect(data).toMatchObject({ name, created_by: owner.id, timezone: "Asia/Jakarta" });
    expect(await roleOf(data?.id ?? "", owner.id)).toBe("owner");
    const { data: mine } = await owner.client.from("businesses").select("id");
    expect(mine?.map((b) => b.id).sort()).toEqual([owner.businessId, data?.id].sort());
  });

  it("validates its input like registration does", async () => {
    const owner = await registerOwner("cabang-salah");
    const bad = await owner.client.rpc("create_business", { p_name: "Cabang", p_whatsapp: "0812-3456-7890" });
    expectError(bad.error, "22023", "whatsapp_invalid");
    const noName = await owner.client.rpc("create_business", { p_name: " ", p_whatsapp: randomWhatsapp() });
    expectError(noName.error, "22023", "business_name_required");
  });
});

describe("invite and accept as an existing user", () => {
  it("adds the member once, and only for the invited e-mail", async () => {
    const owner = await registerOwner("tim");
    const existing = await registerOwner("sudah-ada");
    const stranger = await registerOwner("orang-lain");

    const firstToken = await invite(owner, existing.email, "staff");
    const token = await invite(owner, existing.email, "viewer");
    const anon = await anonClient();
    // Inviting the same address again replaces the open invitation.
    expect((await anon.rpc("get_invitation", { p_token: firstToken })).data?.[0]?.status).toBe("revoked");

    expectError((await stranger.client.rpc("accept_invitation", { p_token: token })).error, "42501", "invitation_email_mismatch");
    const accepted = await existing.client.rpc("accept_invitation", { p_token: token });
    expect(accepted.error).toBeNull();
    expect(accepted.data).toBe(owner.businessId);
    expect(await roleOf(owner.businessId, existing.id)).toBe("viewer");
    expectError((await existing.client.rpc("accept_invitation", { p_token: token })).error, "22023", "invitation_accepted");

    const again = await owner.client.rpc("invite_member", { p_business_id: owner.businessId, p_email: existing.email, p_role: "staff" });
    expectError(again.error, "23505", "already_member");
    const asOwner = await owner.client.rpc("invite_member", { p_business_id: owner.businessId, p_email: uniqueEmail(), p_role: "owner" });
    expectError(asOwner.error, "22023", "invitation_role_invalid");
  });
});

describe("owners", () => {
  it("the last owner can be neither removed nor demoted; after a handover they may leave", async () => {
    const owner = await registerOwner("pemilik");
    const partnerEmail = uniqueEmail("mitra");
    const partner = await createUser({ full_name: "Mitra", invitation_token: await invite(owner, partnerEmail, "admin") }, partnerEmail);

    expectError((await owner.client.rpc("remove_member", { p_business_id: owner.businessId, p_user_id: owner.id })).error, "P0001", "last_owner");
    const demote = await owner.client.rpc("update_member_role", { p_business_id: owner.businessId, p_user_id: owner.id, p_role: "admin" });
    expectError(demote.error, "P0001", "last_owner");
    const direct = await owner.client.from("business_members").delete().eq("business_id", owner.businessId).eq("user_id", owner.id);
    expectError(direct.error, "P0001", "last_owner");
    expect(await roleOf(owner.businessId, owner.id)).toBe("owner");

    const promoted = await owner.client.rpc("update_member_role", { p_business_id: owner.businessId, p_user_id: partner.id, p_role: "owner" });
    expect(promoted.error).toBeNull();
    expect(promoted.data).toMatchObject({ user_id: partner.id, role: "owner" });
    const left = await owner.client.rpc("remove_member", { p_business_id: owner.businessId, p_user_id: owner.id });
    expect(left.error).toBeNull();
    expect(await roleOf(owner.businessId, owner.id)).toBeUndefined();
    expectError((await partner.client.rpc("remove_member", { p_business_id: owner.businessId, p_user_id: partner.id })).error, "P0001", "last_owner");
  });

  it("deleting the account of a business's only owner is refused until ownership moves", async () => {
    const owner = await registerOwner("hapus-akun");
    const error = await sql("delete from auth.users where id = $1", [owner.id]).then(
      () => null,
      (e: unknown) => e as { hint?: string },
    );
    expect(error?.hint).toBe("last_owner");
    expect(await roleOf(owner.businessId, owner.id)).toBe("owner");
  });

  it("any member may leave on their own", async () => {
    const owner = await registerOwner("keluar");
    const email = uniqueEmail("pamit");
    const viewer = await createUser({ full_name: "Pamit", invitation_token: await invite(owner, email, "viewer") }, email);
    const { error } = await viewer.client.rpc("remove_member", { p_business_id: owner.businessId, p_user_id: viewer.id });
    expect(error).toBeNull();
    expect(await roleOf(owner.businessId, viewer.id)).toBeUndefined();
  });
});

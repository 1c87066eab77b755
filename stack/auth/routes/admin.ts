/** /admin/users: list, create, read, update, delete (service_role only). */
import crypto from "node:crypto";
import { requireAdmin, type AuthDeps } from "../context";
import { withTransaction } from "../db";
import { badRequest, HttpError, internalError, notFound, unprocessable } from "../errors";
import { sendJson, type AuthRequest } from "../http";
import { readOptionalParams, readParams, type JsonObject } from "../params";
import { userJson } from "../userJson";
import {
  confirmEmail,
  DEFAULT_AUD,
  DEFAULT_ROLE,
  findDuplicateEmailOwner,
  findUserById,
  insertIdentity,
  insertUser,
  listUsers,
  mergeAppMetadata,
  mergeUserMetadata,
  setPassword,
  updateIdentityData,
  type UserRecord,
} from "../users";
import { checkPasswordStrength, parseGoDuration, validateEmail } from "../validation";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_UUID = "00000000-0000-0000-0000-000000000000";

export function validatePhone(phone: string): string {
  const formatted = phone.replace(/^\+/, "").replace(/ /g, "");
  if (!/^[1-9][0-9]{1,14}$/.test(formatted)) throw badRequest("validation_failed", "Invalid phone number format (E.164 required)");
  return formatted;
}

async function loadUser(ar: AuthRequest, deps: AuthDeps, id: string): Promise<UserRecord> {
  await requireAdmin(ar, deps);
  if (!UUID_RE.test(id)) throw notFound("validation_failed", "user_id must be an UUID");
  const user = await findUserById(deps.pool, id);
  if (!user) throw notFound("user_not_found", "User not found");
  return user;
}

export async function adminListUsers(ar: AuthRequest, deps: AuthDeps): Promise<void> {
  await requireAdmin(ar, deps);
  const parse = (name: string, fallback: number) => {
    const raw = ar.query.get(name) ?? "";
    if (raw === "") return fallback;
    if (!/^\d+$/.test(raw)) {
      throw badRequest("validation_failed", `Bad Pagination Parameters: strconv.ParseUint: parsing "${raw}": invalid syntax`);
    }
    return Number(raw);
  };
  const page = Math.max(1, parse("page", 1));
  const perPage = Math.max(1, parse("per_page", 50));
  const { users, total } = await listUsers(deps.pool, DEFAULT_AUD, page, perPage);
  // GoTrue's pagination headers, which auth-js reads to fill nextPage/lastPage/total.
  const totalPages = Math.ceil(total / perPage);
  const linkFor = (p: number) => {
    const q = new URLSearchParams(ar.query);
    q.set("page", String(p));
    return `</admin/users?${new URLSearchParams([...q.entries()].sort(([a], [b]) => a.localeCompare(b))).toString()}>`;
  };
  const links: string[] = [];
  if (totalPages > page) links.push(`${linkFor(page + 1)}; rel="next"`);
  links.push(`${linkFor(totalPages)}; rel="last"`);
  sendJson(ar, 200, { users: users.map(userJson), aud: DEFAULT_AUD }, { link: links.join(", "), "x-total-count": String(total) });
}

export async function adminGetUser(ar: AuthRequest, deps: AuthDeps, id: string): Promise<void> {
  sendJson(ar, 200, userJson(await loadUser(ar, deps, id)));
}

function banUntil(raw: string): Date | null | undefined {
  if (raw === "") return undefined;
  if (raw === "none") return null;
  const ms = parseGoDuration(raw);
  return ms === 0 ? null : new Date(Date.now() + ms);
}

export async function adminCreateUser(ar: AuthRequest, deps: AuthDeps): Promise<void> {
  await requireAdmin(ar, deps);
  const p = await readParams(ar, "AdminUserParams");
  const aud = p.str("aud") || DEFAULT_AUD;
  let email = p.str("email");
  let phone = p.str("phone");
  if (email === "" && phone === "") throw badRequest("validation_failed", "Cannot create a user without either an email or phone");
  const providers: string[] = [];
  if (email !== "") {
    email = validateEmail(email);
    if (await findDuplicateEmailOwner(deps.pool, email, aud)) {
      throw unprocessable("email_exists", "A user with this email address has already been registered");
    }
    providers.push("email");
  }
  if (phone !== "") {
    phone = validatePhone(phone);
    const { rowCount } = await deps.pool.query("select 1 from auth.users where phone = $1 and aud = $2", [phone, aud]);
    if ((rowCount ?? 0) > 0) throw unprocessable("phone_exists", "Phone number already registered by another user");
    providers.push("phone");
  }
  let password = p.optStr("password");
  const passwordHash = p.str("password_hash");
  if (password !== null && passwordHash !== "") {
    throw badRequest("validation_failed", "Only a password or a password hash should be provided");
  }
  if ((password === null || password === "") && passwordHash === "") password = crypto.randomBytes(48).toString("base64url");
  if (password !== null && Buffer.byteLength(password) > 72) {
    throw badRequest("validation_failed", "bcrypt: password length exceeds 72 bytes");
  }
  if (passwordHash !== "" && !/^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/.test(passwordHash)) {
    throw internalError("Error creating user");
  }
  const customId = p.str("id");
  if (customId !== "" && !UUID_RE.test(customId)) throw badRequest("validation_failed", "ID must conform to the uuid v4 format");
  if (customId === NIL_UUID) throw badRequest("validation_failed", "ID cannot be a nil uuid");
  const banned = banUntil(p.str("ban_duration"));
  const appMetadata = p.obj("app_metadata");
  const provider = providers[0] ?? "email";

  const userId = await withTransaction(deps.pool, async (tx) => {
    try {
      const id = await insertUser(tx, {
        id: customId || undefined,
        email: email || null,
        phone: phone || null,
        password: passwordHash === "" ? (password ?? "") : undefined,
        passwordHash: passwordHash || undefined,
        aud,
        role: p.str("role") || DEFAULT_ROLE,
        userMetadata: p.obj("user_metadata") ?? {},
        appMetadata: { provider, providers },
      });
      if (email) await insertIdentity(tx, id, "email", { sub: id, email, email_verified: false, phone_verified: false });
      if (phone) await insertIdentity(tx, id, "phone", { sub: id, phone, email_verified: false, phone_verified: false });
      if (appMetadata) await mergeAppMetadata(tx, id, appMetadata);
      if (p.bool("email_confirm")) await confirmEmail(tx, id);
      if (p.bool("phone_confirm")) await tx.query("update auth.users set phone_confirmed_at = now() where id = $1", [id]);
      if (banned !== undefined) await tx.query("update auth.users set banned_until = $2 where id = $1", [id, banned]);
      return id;
    } catch (err) {
      throw internalError("Database error creating new user", err);
    }
  });
  const user = await findUserById(deps.pool, userId);
  if (!user) throw internalError("Database error creating new user");
  sendJson(ar, 200, userJson(user));
}

export async function adminUpdateUser(ar: AuthRequest, deps: AuthDeps, id: string): Promise<void> {
  const user = await loadUser(ar, deps, id);
  const p = await readParams(ar, "AdminUserParams");
  let email = p.str("email");
  let phone = p.str("phone");
  if (email !== "") email = validateEmail(email);
  if (phone !== "") phone = validatePhone(phone);
  const banned = banUntil(p.str("ban_duration"));
  const password = p.optStr("password");
  if (password !== null) checkPasswordStrength(deps.settings, password);
  const emailConfirm = p.bool("email_confirm");
  const role = p.str("role");
  const appMetadata = p.obj("app_metadata");
  const userMetadata = p.obj("user_metadata");

  await withTransaction(deps.pool, async (tx) => {
    try {
      if (role !== "") await tx.query("update auth.users set role = $2, updated_at = now() where id = $1", [id, role.trim()]);
      if (emailConfirm) await confirmEmail(tx, id);
      if (p.bool("phone_confirm")) await tx.query("update auth.users set phone_confirmed_at = now() where id = $1", [id]);
      if (password !== null) await setPassword(tx, id, password, null);
      if (email !== "") {
        const data: JsonObject = { email, email_verified: emailConfirm };
        if (!(await updateIdentityData(tx, id, "email", data))) {
          await insertIdentity(tx, id, "email", { sub: id, ...data, phone_verified: false });
        }
        await tx.query("update auth.users set email = $2, updated_at = now() where id = $1", [id, email]);
      }
      if (phone !== "") {
        const data: JsonObject = { phone, phone_verified: p.bool("phone_confirm") };
        if (!(await updateIdentityData(tx, id, "phone", data))) {
          await insertIdentity(tx, id, "phone", { sub: id, ...data, email_verified: false });
        }
        await tx.query("update auth.users set phone = $2, updated_at = now() where id = $1", [id, phone]);
      }
      if (appMetadata) await mergeAppMetadata(tx, id, appMetadata);
      if (userMetadata) await mergeUserMetadata(tx, id, userMetadata);
      if (banned !== undefined) await tx.query("update auth.users set banned_until = $2 where id = $1", [id, banned]);
    } catch (err) {
      if (err instanceof HttpError) throw err;
      throw internalError("Error updating user", err);
    }
  });
  const updated = await findUserById(deps.pool, user.id);
  if (!updated) throw internalError("Error updating user");
  sendJson(ar, 200, userJson(updated));
}

const obfuscate = (id: string, value: string) => crypto.createHash("sha256").update(id + value).digest("base64url");

export async function adminDeleteUser(ar: AuthRequest, deps: AuthDeps, id: string): Promise<void> {
  const user = await loadUser(ar, deps, id);
  const p = await readOptionalParams(ar, "adminUserDeleteParams");
  await withTransaction(deps.pool, async (tx) => {
    if (!p.bool("should_soft_delete")) {
      try {
        await tx.query("delete from auth.users where id = $1", [id]);
      } catch (err) {
        throw internalError("Database error deleting user", err);
      }
      return;
    }
    if (user.deleted_at) return;
    // GoTrue's SoftDeleteUser: keep the row, make e-mail/phone unusable and forget the profile.
    await tx.query(
      `update auth.users set email = $2, phone = $3, email_change = $4, encrypted_password = null, confirmation_token = '',
          recovery_token = '', email_change_token_current = '', email_change_token_new = '', deleted_at = now(),
          raw_user_meta_data = '{}'::jsonb, updated_at = now() where id = $1`,
      [id, obfuscate(id, user.email ?? ""), obfuscate(id, user.phone ?? "").slice(0, 15), obfuscate(id, user.email_change ?? "")],
    );
    await tx.query(
      `update auth.identities set provider_id = $2 || ':' || id, identity_data = jsonb_build_object('sub', $2 || ':' || id),
          updated_at = now() where user_id = $1`,
      [id, obfuscate(id, "identity")],
    );
    await tx.query("delete from auth.sessions where user_id = $1", [id]);
  });
  sendJson(ar, 200, {});
}

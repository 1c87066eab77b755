/**
 * Service-role access to the stack for arranging and checking test data: create users the way
 * registration does (the auth.users trigger builds profile + business + owner membership from
 * user_metadata), read rows past RLS, read the local Auth outbox.
 */
import { stackEnv } from "./stack";

export interface NewOwner {
  email: string;
  password: string;
  fullName: string;
  businessName: string;
  /** E.164, as the registration form would store it. */
  whatsapp: string;
}

export interface BusinessRow {
  id: string;
  name: string;
  whatsapp: string;
}

export interface ProfileRow {
  id: string;
  email: string;
  full_name: string;
  whatsapp: string | null;
}

export interface MembershipRow {
  business_id: string;
  role: string;
}

export interface OutboxMail {
  id: number;
  to_email: string;
  subject: string;
  link: string | null;
  created_at: string;
}

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  const { supabaseUrl, serviceRoleKey } = await stackEnv();
  const headers = new Headers(init.headers);
  headers.set("apikey", serviceRoleKey);
  headers.set("authorization", `Bearer ${serviceRoleKey}`);
  const res = await fetch(`${supabaseUrl}${path}`, { ...init, headers });
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path} answered ${res.status}: ${await res.text()}`);
  return res;
}

async function rows<T>(table: string, query: Record<string, string>): Promise<T[]> {
  const params = new URLSearchParams(query);
  const res = await call(`/rest/v1/${table}?${params.toString()}`);
  return (await res.json()) as T[];
}

export const adminApi = {
  /** Registers an owner through Auth's admin API (e-mail confirmed), like a completed sign-up. */
  async createOwner(owner: NewOwner): Promise<{ id: string }> {
    const res = await call("/auth/v1/admin/users", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        email: owner.email,
        password: owner.password,
        email_confirm: true,
        user_metadata: {
          full_name: owner.fullName,
          business_name: owner.businessName,
          whatsapp: owner.whatsapp,
          locale: "id",
        },
      }),
    });
    const body = (await res.json()) as { id: string };
    return { id: body.id };
  },

  businessesNamed(name: string): Promise<BusinessRow[]> {
    return rows<BusinessRow>("businesses", { select: "id,name,whatsapp", name: `eq.${name}` });
  },

  profilesWithEmail(email: string): Promise<ProfileRow[]> {
    return rows<ProfileRow>("profiles", { select: "id,email,full_name,whatsapp", email: `eq.${email}` });
  },

  membershipsOf(userId: string): Promise<MembershipRow[]> {
    return rows<MembershipRow>("business_members", { select: "business_id,role", user_id: `eq.${userId}` });
  },

  /** Newest first, like the local Auth's GET /auth/v1/_local/mail. */
  async mailTo(email: string): Promise<OutboxMail[]> {
    const res = await call(`/auth/v1/_local/mail?email=${encodeURIComponent(email)}`);
    return (await res.json()) as OutboxMail[];
  },
};

/**
 * One row in each customer child table (tags, notes, activities, contacts, ledger,
 * documents), made as the superuser for the RLS tests.
 */
import { randomUUID } from "node:crypto";
import { sqlOne } from "./db";

export interface CustomerRows {
  tag: string;
  customerTag: string;
  note: string;
  activity: string;
  contact: string;
  ledger: string;
  document: string;
}

const idOf = async (query: string, params: unknown[]) => (await sqlOne<{ id: string }>(query, params)).id;

export async function makeCustomerRows(businessId: string, customerId: string): Promise<CustomerRows> {
  const tag = await idOf("insert into public.tags (business_id, name) values ($1, $2) returning id", [businessId, `Tag ${randomUUID().slice(0, 6)}`]);
  return {
    tag,
    customerTag: await idOf("insert into public.customer_tags (business_id, customer_id, tag_id) values ($1, $2, $3) returning id", [businessId, customerId, tag]),
    note: await idOf("insert into public.customer_notes (business_id, customer_id, body) values ($1, $2, 'Catatan') returning id", [businessId, customerId]),
    activity: await idOf("insert into public.customer_activities (business_id, customer_id, kind, title) values ($1, $2, 'call', 'Telepon') returning id", [businessId, customerId]),
    contact: await idOf("insert into public.customer_contacts (business_id, customer_id, name) values ($1, $2, 'Kontak') returning id", [businessId, customerId]),
    ledger: await idOf(
      `insert into public.customer_ledger (business_id, customer_id, entry_type, amount, description, previous_balance, new_balance)
       values ($1, $2, 'credit', 1000, 'Saldo uji', 0, 1000) returning id`,
      [businessId, customerId],
    ),
    document: await idOf(
      `insert into public.customer_documents (business_id, customer_id, title, storage_path, mime_type, size_bytes)
       values ($1, $2, 'Kontrak', $3, 'application/pdf', 100) returning id`,
      [businessId, customerId, `${businessId}/${customerId}/${randomUUID()}.pdf`],
    ),
  };
}

/** Insert payloads an attacker would send into each child table, aimed at `businessId` / `customerId`. */
export const childInserts = {
  tags: (businessId: string) => ({ business_id: businessId, name: `Palsu ${randomUUID().slice(0, 6)}` }),
  customer_notes: (businessId: string, customerId: string) => ({ business_id: businessId, customer_id: customerId, body: "Palsu" }),
  customer_activities: (businessId: string, customerId: string) => ({ business_id: businessId, customer_id: customerId, kind: "call", title: "Palsu" }),
  customer_contacts: (businessId: string, customerId: string) => ({ business_id: businessId, customer_id: customerId, name: "Palsu" }),
  customer_ledger: (businessId: string, customerId: string) => ({
    business_id: businessId, customer_id: customerId, entry_type: "credit", amount: 1, description: "Palsu", previous_balance: 0, new_balance: 1,
  }),
  customer_documents: (businessId: string, customerId: string) => ({
    business_id: businessId, customer_id: customerId, title: "Palsu", storage_path: `${businessId}/${customerId}/palsu.pdf`, mime_type: "application/pdf", size_bytes: 10,
  }),
};

/**
 * Builds the demo customers and transactions in memory: pure and deterministic for a given
 * (seed, today, now), so reruns and other machines get the same shop. No database here.
 */
import { ARCHETYPES, TARGET_TRANSACTIONS, type Archetype } from "./archetypes";
import { buildTimeline, isBeforeLebaran, sampleDay, type Timeline } from "./calendar";
import { order, paymentMethod, type PaymentMethod } from "./catalog";
import { businessName, personName, slug } from "./names";
import { isIndonesianMobile, uniqueWhatsapp } from "./phones";
import { CITIES, pickCity, RESELLER_CITIES, streetAddress } from "./places";
import { Prng } from "./prng";

export interface DemoCustomer {
  id: string;
  name: string;
  whatsapp: string;
  phone: string | null;
  email: string | null;
  address: string | null;
  city: string | null;
  type: "private" | "business";
  status: "active" | "inactive" | "blacklisted";
  metadata: Record<string, string | boolean>;
  /** ISO timestamp with the WIB offset. */
  createdAt: string;
}

export interface DemoTransaction {
  id: string;
  customerId: string;
  /** WIB calendar date, yyyy-mm-dd. */
  date: string;
  amount: number;
  paymentMethod: PaymentMethod;
  notes: string;
  status: "completed" | "voided";
  voidedAt: string | null;
  createdAt: string;
}

export interface DemoData {
  customers: DemoCustomer[];
  transactions: DemoTransaction[];
}

export interface GenerateOptions {
  /** WIB calendar date the history ends on (yyyy-mm-dd). */
  today: string;
  /** The present moment: no timestamp is generated after it. */
  now: Date;
  seed?: string;
  months?: number;
}

export const DEFAULT_SEED = "batik-sekar-jagad-2026";
const LOCAL_CITIES = new Set(["Pekalongan", "Kabupaten Pekalongan", "Batang"]);
const EMAIL_DOMAINS = ["example.com", "example.net", "example.org"]; // reserved: no real inbox gets demo mail
const VOID_REASONS = ["salah input nominal", "pembeli batal", "transaksi tercatat ganda", "barang diretur"];

interface Plan {
  customer: DemoCustomer;
  archetype: Archetype;
  count: number;
  firstAgo: number;
  lastAgo: number;
  local: boolean;
}

/** `ms` as an ISO timestamp with the WIB offset (+07:00 all year: Indonesia has no DST). */
function toWib(ms: number): string {
  return `${new Date(ms + 7 * 3_600_000).toISOString().slice(0, 19)}+07:00`;
}

/** A timestamp on a WIB date, in shop hours, but never after `now`. */
function timestampOn(rng: Prng, date: string, now: Date, earliestMinute = 8 * 60): string {
  const midnight = Date.parse(`${date}T00:00:00+07:00`);
  const at = (minute: number) => midnight + minute * 60_000 + rng.int(0, 59) * 1_000;
  const candidate = at(rng.int(earliestMinute, 20 * 60 + 59));
  if (candidate <= now.getTime()) return toWib(candidate);
  // Today, before that shop hour: a moment between midnight and now instead.
  const minutesToday = Math.floor((now.getTime() - midnight) / 60_000);
  return toWib(Math.min(at(rng.int(0, Math.max(0, minutesToday - 1))), now.getTime()));
}

function acquiredVia(rng: Prng, a: Archetype, local: boolean): string {
  if (a.kind !== "private") return rng.weighted([["referral", 3], ["bazaar", 2], ["whatsapp", 3], ["walk_in", local ? 3 : 0]] as const);
  if (a.key === "prospect") return rng.weighted([["instagram", 3], ["bazaar", 2], ["tiktok", 1]] as const);
  return local
    ? rng.weighted([["walk_in", 6], ["whatsapp", 2], ["referral", 2], ["instagram", 1]] as const)
    : rng.weighted([["instagram", 4], ["marketplace", 3], ["whatsapp", 2], ["referral", 2], ["bazaar", 1]] as const);
}

function makeCustomer(rng: Prng, ids: Prng, a: Archetype, used: { wa: Set<string>; email: Set<string>; biz: Set<string> }): { customer: Omit<DemoCustomer, "createdAt">; local: boolean } {
  const isBusiness = a.kind !== "private";
  const city = isBusiness && a.kind !== "institution" ? pickCity(rng, RESELLER_CITIES) : pickCity(rng, CITIES);
  const local = LOCAL_CITIES.has(city);
  let name: string;
  let email: string | null = null;
  let contactPerson: string | null = null;
  const person = personName(rng);
  if (a.kind === "private") {
    name = person.full;
    const young = a.key === "new" || a.key === "prospect";
    if (rng.chance(young ? 0.6 : 0.33)) {
      const base = person.last ? rng.pick([`${person.first}.${person.last}`, `${person.first}${person.last}`, `${person.first}_${person.last}`]) : person.first;
      email = `${slug(base)}${rng.chance(0.55) ? rng.int(1, 99) : ""}@${rng.pick(EMAIL_DOMAINS)}`;
    }
  } else {
    name = businessName(rng, a.kind, city, used.biz);
    contactPerson = person.full;
    if (rng.chance(0.8)) email = `${slug(name).replace(/\./g, "")}@${rng.pick(EMAIL_DOMAINS)}`;
  }
  if (email && used.email.has(email)) email = null;
  if (email) used.email.add(email);

  // Some shops and offices in the Pekalongan area also give an (0285) landline.
  let phone: string | null = null;
  if (isBusiness && local && rng.chance(0.5)) {
    const candidate = `+62285${rng.int(4, 7)}${String(rng.int(0, 99_999)).padStart(5, "0")}`;
    if (!isIndonesianMobile(candidate)) phone = candidate;
  }
  const withAddress = isBusiness || rng.chance(0.6);
  const metadata: Record<string, string | boolean> = { demo: true, acquired_via: acquiredVia(rng, a, local) };
  if (contactPerson) metadata.contact_person = contactPerson;
  return {
    customer: {
      id: ids.uuid(),
      name,
      whatsapp: uniqueWhatsapp(rng, used.wa),
      phone,
      email,
      address: withAddress ? streetAddress(rng, city) : null,
      city: isBusiness || rng.chance(0.92) ? city : null,
      type: isBusiness ? "business" : "private",
      status: "active",
      metadata,
    },
    local,
  };
}

/** Nudges the adjustable archetypes' counts until the total is exactly the target. */
function hitTarget(rng: Prng, plans: Plan[]): void {
  const adjustable = plans.filter((p) => p.archetype.adjustable);
  let total = plans.reduce((s, p) => s + p.count, 0);
  let guard = 100_000;
  while (total !== TARGET_TRANSACTIONS && guard-- > 0) {
    const p = rng.pick(adjustable);
    const [min, max] = p.archetype.tx;
    if (total < TARGET_TRANSACTIONS && p.count < max + 15) {
      p.count++;
      total++;
    } else if (total > TARGET_TRANSACTIONS && p.count > min) {
      p.count--;
      total--;
    }
  }
}

function sampleSeasonal(rng: Prng, t: Timeline): number {
  // Rejection sampling: keep drawing until a peak day comes up (weights >= 2 are peaks).
  for (let i = 0; i < 40; i++) {
    const idx = sampleDay(t, 0, t.dates.length - 1, rng.next());
    if ((t.weights[idx] ?? 0) >= 2) return idx;
  }
  return sampleDay(t, 0, t.dates.length - 1, rng.next());
}

/** Day indexes (into the timeline) of one customer's purchases, oldest first. */
function purchaseDays(rng: Prng, t: Timeline, p: Plan): number[] {
  const n = t.dates.length;
  if (p.archetype.seasonal) return Array.from({ length: p.count }, () => sampleSeasonal(rng, t)).sort((a, b) => a - b);
  if (p.count === 0) return [];
  const firstIdx = n - 1 - p.firstAgo;
  const lastIdx = n - 1 - p.lastAgo;
  // One-off buyers of any period follow the seasons; a newcomer's single purchase is pinned.
  if (p.count === 1) return [p.archetype.first[1] >= n - 1 ? sampleDay(t, 0, n - 1, rng.next()) : firstIdx];
  const days = [firstIdx, lastIdx];
  for (let i = 2; i < p.count; i++) days.push(sampleDay(t, firstIdx, lastIdx, rng.next()));
  return days.sort((a, b) => a - b);
}

export function generateDemoData(opts: GenerateOptions): DemoData {
  const seed = opts.seed ?? DEFAULT_SEED;
  const t = buildTimeline(opts.today, opts.months ?? 18);
  const maxAgo = t.dates.length - 1;
  const rng = new Prng(`${seed}/customers`);
  const ids = new Prng(`${seed}/ids`);
  const used = { wa: new Set<string>(), email: new Set<string>(), biz: new Set<string>() };

  const plans: Plan[] = [];
  for (const archetype of ARCHETYPES) {
    for (let i = 0; i < archetype.count; i++) {
      const { customer, local } = makeCustomer(rng, ids, archetype, used);
      const firstAgo = rng.int(archetype.first[0], Math.min(archetype.first[1], maxAgo));
      const lastAgo = Math.min(firstAgo, rng.int(archetype.last[0], Math.min(archetype.last[1], maxAgo)));
      const count = rng.int(archetype.tx[0], archetype.tx[1]);
      plans.push({ customer: { ...customer, createdAt: "" }, archetype, count, firstAgo, lastAgo, local });
    }
  }
  hitTarget(rng, plans);
  markStatuses(rng, plans);

  const txRng = new Prng(`${seed}/transactions`);
  const customers: DemoCustomer[] = [];
  const transactions: DemoTransaction[] = [];
  for (const p of plans) {
    const days = purchaseDays(txRng, t, p);
    const firstDate = days.length > 0 ? (t.dates[days[0] ?? 0] ?? opts.today) : (t.dates[maxAgo - p.firstAgo] ?? opts.today);
    // The customer record is created on the day of the first purchase (prospects: when they enquired).
    const createdAt = timestampOn(txRng, firstDate, opts.now, 7 * 60);
    customers.push({ ...p.customer, createdAt });
    days.forEach((idx, k) => {
      const date = t.dates[idx] ?? opts.today;
      const { amount, notes } = order(txRng, p.archetype.spend, isBeforeLebaran(date));
      let txCreated = timestampOn(txRng, date, opts.now);
      if (txCreated < createdAt) txCreated = createdAt;
      // A few mistakes get voided; never a customer's last purchase, so recency stays as planned.
      const voided = k < days.length - 1 && txRng.chance(0.016);
      transactions.push({
        id: ids.uuid(),
        customerId: p.customer.id,
        date,
        amount,
        paymentMethod: paymentMethod(txRng, p.archetype.spend, p.local),
        notes: voided ? `${notes} (dibatalkan: ${txRng.pick(VOID_REASONS)})` : notes,
        status: voided ? "voided" : "completed",
        voidedAt: voided ? voidTime(txCreated, opts.now, txRng) : null,
        createdAt: txCreated,
      });
    });
  }
  return { customers, transactions };
}

/** Voided a few hours after the sale was recorded, never in the future. */
function voidTime(createdAt: string, now: Date, rng: Prng): string {
  const at = Math.min(Date.parse(createdAt) + rng.int(5, 36 * 60) * 60_000, now.getTime());
  return new Date(at).toISOString();
}

/** Owners mark some lapsed customers inactive and block the odd fraudster. */
function markStatuses(rng: Prng, plans: Plan[]): void {
  const lapsed = rng.shuffle(plans.filter((p) => p.archetype.key === "lapsed")).slice(0, 6);
  for (const p of lapsed) p.customer.status = "inactive";
  const oneOff = rng.shuffle(plans.filter((p) => p.archetype.key === "one_off")).slice(0, 2);
  for (const p of oneOff) p.customer.status = "blacklisted";
}

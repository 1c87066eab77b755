/**
 * What a Pekalongan batik shop sells and what an order of each kind of customer costs.
 * Retail prices run from an Rp 85.000 selendang to an Rp 2.500.000 batik tulis; resellers,
 * boutiques and offices (seragam) order by the dozen at wholesale prices.
 */
import type { Prng } from "./prng";

interface Product {
  name: string;
  /** Unit price range in rupiah, inclusive; prices are multiples of Rp 5.000. */
  min: number;
  max: number;
  /** Relative popularity in ordinary weeks. */
  weight: number;
  /** Extra pull in the weeks before Lebaran (new clothes, gifts, prayer wear). */
  lebaranWeight?: number;
  premium?: boolean;
}

const RETAIL: readonly Product[] = [
  { name: "Selendang batik cap", min: 85_000, max: 165_000, weight: 14 },
  { name: "Kain batik print 2 m", min: 95_000, max: 150_000, weight: 10 },
  { name: "Sarung batik cap", min: 125_000, max: 275_000, weight: 7, lebaranWeight: 14 },
  { name: "Blus batik wanita", min: 165_000, max: 325_000, weight: 10 },
  { name: "Kain batik cap 2 m", min: 175_000, max: 375_000, weight: 10 },
  { name: "Kemeja batik cap pria", min: 185_000, max: 350_000, weight: 12, lebaranWeight: 16 },
  { name: "Mukena batik", min: 225_000, max: 450_000, weight: 3, lebaranWeight: 12 },
  { name: "Dress batik cap", min: 245_000, max: 495_000, weight: 7 },
  { name: "Gamis batik", min: 275_000, max: 550_000, weight: 4, lebaranWeight: 10 },
  { name: "Batik couple set (kemeja + dress)", min: 450_000, max: 850_000, weight: 3, lebaranWeight: 6 },
  { name: "Kemeja batik tulis", min: 550_000, max: 1_250_000, weight: 3, premium: true },
  { name: "Kain batik tulis", min: 850_000, max: 2_500_000, weight: 2, premium: true },
];

const MOTIFS = ["Jlamprang", "Buketan", "Liong", "Semen", "Mega Mendung", "Parang", "Kawung", "Tiga Negeri", "Sekar Jagad", "Truntum", "Sido Mukti", "Lereng"];

export type Spend = "retail" | "premium" | "reseller" | "boutique" | "institution";

export interface Order {
  amount: number;
  notes: string;
}

/** Round the way a kasir does: to Rp 500 below Rp 100.000, to Rp 1.000 above. */
export function roundRupiah(amount: number): number {
  const step = amount < 100_000 ? 500 : 1_000;
  return Math.max(step, Math.round(amount / step) * step);
}

function unitPrice(rng: Prng, p: Product): number {
  return rng.int(p.min / 5_000, p.max / 5_000) * 5_000;
}

function retailOrder(rng: Prng, premiumTaste: boolean, lebaranSeason: boolean): Order {
  const table = RETAIL.map((p) => {
    let w = lebaranSeason ? (p.lebaranWeight ?? p.weight) : p.weight;
    // Collectors come back for the hand-drawn tulis pieces.
    if (premiumTaste && p.premium) w *= 4;
    return [p, w] as const;
  });
  const lines = rng.weighted([[1, 60], [2, 28], [3, 12]] as const);
  const parts: string[] = [];
  let total = 0;
  for (let i = 0; i < lines; i++) {
    const product = rng.weighted(table);
    const qty = rng.weighted([[1, 80], [2, 16], [3, 4]] as const);
    total += qty * unitPrice(rng, product);
    parts.push(`${qty}x ${product.name} motif ${rng.pick(MOTIFS)}`);
  }
  // Harbolnas / Lebaran promos and haggling: an occasional 5-15% off the bill.
  if (rng.chance(0.12)) total *= 1 - rng.int(1, 3) * 0.05;
  return { amount: roundRupiah(total), notes: parts.join(", ") };
}

function wholesaleOrder(rng: Prng, label: string, pieces: [number, number], unit: [number, number], item: string): Order {
  const qty = rng.int(pieces[0], pieces[1]);
  const price = rng.int(unit[0] / 5_000, unit[1] / 5_000) * 5_000;
  return { amount: roundRupiah(qty * price), notes: `${label}: ${qty} pcs ${item} motif ${rng.pick(MOTIFS)}` };
}

export function order(rng: Prng, spend: Spend, lebaranSeason: boolean): Order {
  switch (spend) {
    case "retail":
      return retailOrder(rng, false, lebaranSeason);
    case "premium":
      return retailOrder(rng, true, lebaranSeason);
    case "reseller": {
      const item = rng.pick(["kemeja batik cap", "kain batik cap", "daster batik", "sarung batik cap", "blus batik"]);
      return wholesaleOrder(rng, "Grosir", [12, lebaranSeason ? 80 : 48], [65_000, 165_000], item);
    }
    case "boutique": {
      const item = rng.pick(["kemeja batik tulis", "kain batik tulis", "dress batik cap premium", "outer batik tulis"]);
      return wholesaleOrder(rng, "Butik", [4, 14], [325_000, 1_100_000], item);
    }
    case "institution":
      return wholesaleOrder(rng, "Seragam", [25, 120], [95_000, 175_000], "kemeja batik cap seragam");
  }
}

/** Out-of-town buyers pay by transfer or e-wallet; walk-in buyers in Pekalongan with cash or QRIS. */
export const PAYMENT_METHODS = ["tunai", "transfer", "qris", "e-wallet"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export function paymentMethod(rng: Prng, spend: Spend, local: boolean): PaymentMethod {
  if (spend === "reseller" || spend === "boutique" || spend === "institution") {
    return rng.weighted([["transfer", 85], ["tunai", 10], ["qris", 5]] as const);
  }
  if (local) return rng.weighted([["tunai", 42], ["qris", 30], ["transfer", 14], ["e-wallet", 14]] as const);
  return rng.weighted([["transfer", 60], ["e-wallet", 28], ["qris", 12]] as const);
}

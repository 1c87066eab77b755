/**
 * Where the demo customers live: mostly the Pekalongan area and the north-coast (Pantura)
 * towns around it, with buyers in the big cities who order by WhatsApp and get parcels.
 */
import type { Prng } from "./prng";

export const CITIES: readonly (readonly [string, number])[] = [
  ["Pekalongan", 34],
  ["Kabupaten Pekalongan", 8],
  ["Batang", 8],
  ["Pemalang", 6],
  ["Tegal", 5],
  ["Brebes", 2],
  ["Kendal", 3],
  ["Semarang", 10],
  ["Jakarta", 9],
  ["Bekasi", 2],
  ["Surabaya", 4],
  ["Bandung", 3],
  ["Yogyakarta", 3],
  ["Surakarta", 3],
];

/** Resellers cluster in the trading towns; boutiques in the big cities. */
export const RESELLER_CITIES: readonly (readonly [string, number])[] = [
  ["Pekalongan", 4],
  ["Jakarta", 4],
  ["Semarang", 3],
  ["Surabaya", 2],
  ["Bandung", 2],
  ["Tegal", 1],
  ["Pemalang", 1],
];

const STREETS: Record<string, readonly string[]> = {
  Pekalongan: ["Jl. Hayam Wuruk", "Jl. Dr. Sutomo", "Jl. Kurinci", "Jl. Jlamprang", "Jl. Progo", "Jl. Sultan Agung", "Jl. Pesindon", "Jl. Kauman", "Jl. Sam Ratulangi", "Jl. Urip Sumoharjo", "Jl. Bandung", "Jl. Gajah Mada"],
  "Kabupaten Pekalongan": ["Jl. Raya Wiradesa", "Jl. Raya Kedungwuni", "Jl. Raya Buaran", "Jl. Raya Kajen", "Jl. Raya Bojong"],
  Batang: ["Jl. Jend. Sudirman", "Jl. Veteran", "Jl. Dr. Wahidin", "Jl. Raya Kandeman"],
  Pemalang: ["Jl. Jend. Sudirman", "Jl. Pemuda", "Jl. Gatot Subroto", "Jl. Kapten Sudibyo"],
  Tegal: ["Jl. Ahmad Yani", "Jl. Kolonel Sugiono", "Jl. Gajah Mada", "Jl. Kapten Sudibyo"],
  Semarang: ["Jl. Pandanaran", "Jl. Pemuda", "Jl. Gajahmada", "Jl. Setiabudi", "Jl. Majapahit", "Jl. Ngesrep Timur"],
  Jakarta: ["Jl. Tebet Raya", "Jl. Kemang Raya", "Jl. Pramuka", "Jl. Cempaka Putih Tengah", "Jl. Rawamangun Muka", "Jl. Duren Tiga"],
  Surabaya: ["Jl. Darmo Permai", "Jl. Ngagel Jaya", "Jl. Manyar Kertoarjo", "Jl. Rungkut Asri"],
  Bandung: ["Jl. Dago", "Jl. Buah Batu", "Jl. Setiabudhi", "Jl. Antapani"],
  Yogyakarta: ["Jl. Kaliurang", "Jl. Parangtritis", "Jl. Gejayan", "Jl. Kusumanegara"],
  Surakarta: ["Jl. Slamet Riyadi", "Jl. Adi Sucipto", "Jl. Veteran"],
};

const GENERIC_STREETS = ["Jl. Merdeka", "Jl. Diponegoro", "Jl. Kartini", "Jl. Ahmad Yani", "Jl. Imam Bonjol"];

export function pickCity(rng: Prng, table: readonly (readonly [string, number])[] = CITIES): string {
  return rng.weighted(table);
}

export function streetAddress(rng: Prng, city: string): string {
  const street = rng.pick(STREETS[city] ?? GENERIC_STREETS);
  const number = rng.int(1, 180);
  // Perumahan-style addresses ("Gg. 3 No. 12", "RT 02/RW 05") are everyday in Java.
  const style = rng.int(0, 2);
  if (style === 0) return `${street} No. ${number}`;
  if (style === 1) return `${street} Gg. ${rng.int(1, 12)} No. ${number}`;
  return `${street} No. ${number}, RT ${String(rng.int(1, 9)).padStart(2, "0")}/RW ${String(rng.int(1, 12)).padStart(2, "0")}`;
}

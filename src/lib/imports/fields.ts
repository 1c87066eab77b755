/**
 * Target fields of each import kind and the header names owners use for them. Headers are
 * matched loosely: case, spaces and punctuation are ignored (`No. WA`, `no wa`, `NO_WA`).
 */
import { z } from "zod";
import type { ImportKind } from "./limits";

export const CUSTOMER_FIELDS = ["name", "whatsapp", "phone", "email", "address", "city", "tags", "balance"] as const;
export const TRANSACTION_FIELDS = ["date", "amount", "name", "whatsapp", "email", "product", "notes"] as const;
export type ImportField = (typeof CUSTOMER_FIELDS)[number] | (typeof TRANSACTION_FIELDS)[number];

export function fieldsOf(kind: ImportKind): readonly ImportField[] {
  return kind === "customers" ? CUSTOMER_FIELDS : TRANSACTION_FIELDS;
}

/** Fields a mapping must include before the import can start. */
export function requiredFields(kind: ImportKind): readonly ImportField[] {
  return kind === "customers" ? ["name"] : ["date", "amount"];
}

/** Normalised header -> fields it may mean, in order of preference. */
const SYNONYMS: Record<string, readonly ImportField[]> = {
  nama: ["name"], namapelanggan: ["name"], name: ["name"], pelanggan: ["name"], customer: ["name"],
  customername: ["name"], namalengkap: ["name"], fullname: ["name"], namacustomer: ["name"], konsumen: ["name"],
  nowa: ["whatsapp"], wa: ["whatsapp"], whatsapp: ["whatsapp"], nowhatsapp: ["whatsapp"], nomorwa: ["whatsapp"],
  nomorwhatsapp: ["whatsapp"], wanumber: ["whatsapp"], whatsappnumber: ["whatsapp"],
  hp: ["whatsapp", "phone"], nohp: ["whatsapp", "phone"], nomorhp: ["whatsapp", "phone"], handphone: ["whatsapp", "phone"],
  ponsel: ["whatsapp", "phone"], mobile: ["whatsapp", "phone"],
  telepon: ["phone", "whatsapp"], telp: ["phone", "whatsapp"], tlp: ["phone", "whatsapp"], notelp: ["phone", "whatsapp"],
  notelepon: ["phone", "whatsapp"], phone: ["phone", "whatsapp"], telephone: ["phone", "whatsapp"], nomortelepon: ["phone", "whatsapp"],
  email: ["email"], surel: ["email"], emailaddress: ["email"], alamatemail: ["email"],
  alamat: ["address"], address: ["address"], alamatlengkap: ["address"],
  kota: ["city"], city: ["city"], kabupaten: ["city"], kotakabupaten: ["city"], kabkota: ["city"],
  tag: ["tags"], tags: ["tags"], label: ["tags"], kategori: ["tags"],
  saldo: ["balance"], balance: ["balance"], saldoawal: ["balance"],
  tanggal: ["date"], tgl: ["date"], date: ["date"], tanggaltransaksi: ["date"], tanggalpembelian: ["date"], tglbeli: ["date"],
  jumlah: ["amount"], total: ["amount"], amount: ["amount"], nominal: ["amount"], totalbelanja: ["amount"],
  totalharga: ["amount"], nilai: ["amount"], harga: ["amount"], jumlahrp: ["amount"], totalrp: ["amount"],
  produk: ["product"], product: ["product"], barang: ["product"], item: ["product"], namaproduk: ["product"], namabarang: ["product"],
  catatan: ["notes"], notes: ["notes"], note: ["notes"], keterangan: ["notes"], ket: ["notes"],
};

export function normalizeHeader(header: string): string {
  return header
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/** Target field -> 0-based column index. */
export type Mapping = Partial<Record<ImportField, number>>;

/** The mapping the mapping screen starts from: each field takes the first header that names it. */
export function suggestMapping(kind: ImportKind, headers: readonly string[]): Mapping {
  const allowed = new Set<ImportField>(fieldsOf(kind));
  const mapping: Mapping = {};
  headers.forEach((header, index) => {
    const candidates = SYNONYMS[normalizeHeader(header)] ?? [];
    const field = candidates.find((f) => allowed.has(f) && mapping[f] === undefined);
    if (field) mapping[field] = index;
  });
  return mapping;
}

export function mappingSchema(kind: ImportKind, columns: number) {
  const column = z.number().int().min(0).max(columns - 1);
  const shape = Object.fromEntries(fieldsOf(kind).map((f) => [f, column.optional()])) as Record<ImportField, z.ZodOptional<typeof column>>;
  return z.strictObject(shape);
}

/** Fields missing from a mapping, and columns used by two fields. */
export function mappingProblems(kind: ImportKind, mapping: Mapping): { missing: ImportField[]; repeated: boolean } {
  const missing = requiredFields(kind).filter((f) => mapping[f] === undefined);
  const used = Object.values(mapping).filter((v): v is number => v !== undefined);
  return { missing, repeated: new Set(used).size !== used.length };
}

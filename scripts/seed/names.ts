/**
 * Indonesian names for the demo customers. Our own lists rather than faker's id_ID locale,
 * whose random first + last combinations read oddly to Indonesian owners. The mix follows
 * a Pekalongan shop's clientele: mostly Javanese, with Sundanese, Chinese-Indonesian,
 * Arab-Indonesian (Pekalongan's Kampung Arab), Batak and Minang customers.
 */
import type { Prng } from "./prng";

type Gender = "f" | "m";

interface NameGroup {
  first: Record<Gender, readonly string[]>;
  /** Second names or family names. */
  last: Record<Gender, readonly string[]>;
  /** Share of people in this group known by a single name (common among older Javanese). */
  singleShare: number;
}

const JAVANESE: NameGroup = {
  first: {
    f: ["Sri", "Siti", "Dwi", "Tri", "Endang", "Rina", "Ratna", "Wulan", "Dewi", "Sekar", "Ayu", "Indah", "Retno", "Nining", "Yuli", "Kartika", "Anik", "Nanik", "Tutik", "Endah", "Puji", "Dian", "Fitri", "Novi", "Laras", "Diah", "Titik", "Widya", "Eka", "Rini", "Umi", "Lina"],
    m: ["Budi", "Agus", "Eko", "Joko", "Bambang", "Slamet", "Hadi", "Heru", "Rudi", "Yudi", "Bayu", "Dimas", "Adi", "Teguh", "Wahyu", "Arif", "Hendro", "Sigit", "Sugeng", "Gatot", "Bagus", "Danang", "Didik", "Yoga", "Aditya", "Fajar", "Ilham", "Galih", "Ahmad", "Muhammad", "Taufik", "Imam"],
  },
  last: {
    f: ["Wahyuni", "Lestari", "Rahayu", "Handayani", "Kusumawati", "Puspitasari", "Wulandari", "Rahmawati", "Setyowati", "Susilowati", "Astuti", "Utami", "Yuliani", "Hartini", "Pratiwi", "Anggraini", "Maharani", "Permatasari", "Safitri", "Ningsih", "Indrawati", "Mulyani", "Suryani", "Purwanti", "Kurniawati"],
    m: ["Santoso", "Setiawan", "Prasetyo", "Susanto", "Wibowo", "Hidayat", "Nugroho", "Saputra", "Kurniawan", "Purnomo", "Hartono", "Wicaksono", "Raharjo", "Pranoto", "Suryanto", "Widodo", "Utomo", "Darmawan", "Firmansyah", "Haryanto", "Budiman", "Kuncoro", "Sasongko", "Pamungkas", "Riyadi"],
  },
  singleShare: 0.18,
};

/** Single-name Javanese customers, typical of the older generation. */
const JAVANESE_SINGLE: Record<Gender, readonly string[]> = {
  f: ["Suparmi", "Sumarni", "Ngatini", "Suwarni", "Sarmini", "Kasiyem", "Sulastri", "Sumiati", "Suharti", "Partini", "Marsiti", "Wagini"],
  m: ["Sutrisno", "Mulyono", "Poniman", "Sukirman", "Supriyadi", "Sumarno", "Tukimin", "Suyatno", "Paiman", "Darsono", "Sarjono", "Wagimin"],
};

const SUNDANESE: NameGroup = {
  first: {
    f: ["Euis", "Neng", "Cucu", "Imas", "Nenden", "Yuyun", "Lilis", "Iis", "Titin", "Enok", "Nunung", "Elis", "Popon", "Rina"],
    m: ["Asep", "Ujang", "Cecep", "Deden", "Ade", "Aceng", "Encep", "Jajang", "Yayan", "Dadang", "Iwan", "Ridwan", "Dede", "Wawan"],
  },
  last: {
    f: ["Sumarni", "Rosmiati", "Nurhayati", "Kurniasih", "Komalasari", "Sukaesih", "Maryani", "Sopiah", "Juwita", "Hermawati", "Nuraeni"],
    m: ["Saepudin", "Sutisna", "Hidayat", "Kurnia", "Suherman", "Supriatna", "Sumantri", "Sudrajat", "Permana", "Mulyana", "Rustandi", "Sopandi", "Kusnadi"],
  },
  singleShare: 0.05,
};

const CHINESE_INDONESIAN: NameGroup = {
  first: {
    f: ["Linda", "Lily", "Meiliana", "Susanti", "Lanny", "Yenny", "Vivian", "Jessica", "Stephanie", "Fransiska", "Cynthia", "Liana", "Sherly", "Melinda", "Veronika"],
    m: ["Hendra", "Andi", "Kevin", "Steven", "Willy", "Hendri", "Jimmy", "Yohanes", "Ferry", "Felix", "Edward", "Tommy", "Rudy", "Sugianto", "Hartanto"],
  },
  last: {
    f: ["Wijaya", "Gunawan", "Halim", "Tanoto", "Kusuma", "Salim", "Hartono", "Tanuwidjaja", "Setiadi", "Sugiharto", "Gozali", "Hermawan", "Chandra", "Widjaja", "Liem", "Tan"],
    m: ["Wijaya", "Gunawan", "Halim", "Tanoto", "Kusuma", "Salim", "Hartono", "Tanuwidjaja", "Setiadi", "Sugiharto", "Gozali", "Hermawan", "Chandra", "Widjaja", "Liem", "Tan"],
  },
  singleShare: 0,
};

const ARAB_INDONESIAN: NameGroup = {
  first: {
    f: ["Fatimah", "Aisyah", "Khadijah", "Syarifah", "Nabila", "Zahra", "Salma", "Farah", "Hana", "Rugayah"],
    m: ["Husein", "Abdullah", "Umar", "Salim", "Hasan", "Ali", "Fahmi", "Habib", "Hamid", "Faisal"],
  },
  last: {
    f: ["Alatas", "Assegaf", "Alaydrus", "Baswedan", "Al-Habsyi", "Shahab", "Bawazier", "Alkaff", "Basalamah", "Bahasuan"],
    m: ["Alatas", "Assegaf", "Alaydrus", "Baswedan", "Al-Habsyi", "Shahab", "Bawazier", "Alkaff", "Basalamah", "Bahasuan"],
  },
  singleShare: 0,
};

const BATAK: NameGroup = {
  first: {
    f: ["Maria", "Rosmawati", "Romauli", "Tiurma", "Lasma", "Debora", "Ruth", "Grace", "Monika", "Friska", "Rotua"],
    m: ["Hotman", "Parlindungan", "Togar", "Martin", "Benny", "Robert", "Sahat", "Tigor", "Poltak", "Daniel", "Samuel", "Rudolf"],
  },
  last: {
    f: ["Simanjuntak", "Siregar", "Nainggolan", "Hutapea", "Sitompul", "Panjaitan", "Pardede", "Sihombing", "Manurung", "Simatupang", "Tambunan", "Harahap", "Nasution", "Lubis", "Sinaga", "Situmorang", "Marpaung"],
    m: ["Simanjuntak", "Siregar", "Nainggolan", "Hutapea", "Sitompul", "Panjaitan", "Pardede", "Sihombing", "Manurung", "Simatupang", "Tambunan", "Harahap", "Nasution", "Lubis", "Sinaga", "Situmorang", "Marpaung"],
  },
  singleShare: 0,
};

const MINANG: NameGroup = {
  first: {
    f: ["Yusnita", "Rosnida", "Elvira", "Nurul", "Mayang", "Yenni", "Desi", "Rahmi"],
    m: ["Rizal", "Andri", "Fauzi", "Zulkifli", "Yusrizal", "Afdal", "Rahmat", "Irwan"],
  },
  last: {
    f: ["Ramadhani", "Hamdani", "Yunita", "Syafitri", "Rasyid", "Zainal", "Amir", "Arifin"],
    m: ["Effendi", "Syahputra", "Hamdani", "Rasyid", "Zainal", "Amir", "Yunus", "Arifin"],
  },
  singleShare: 0,
};

/** Younger customers (Instagram and marketplace buyers) with today's popular names. */
const YOUNG: NameGroup = {
  first: {
    f: ["Nadia", "Salsabila", "Aulia", "Anisa", "Putri", "Nabila", "Tiara", "Amelia", "Cindy", "Jihan", "Keisha", "Azzahra", "Alya", "Shafira"],
    m: ["Rizky", "Reza", "Farhan", "Raka", "Aldi", "Bagas", "Naufal", "Daffa", "Fikri", "Rafi", "Ilham", "Arya"],
  },
  last: {
    f: ["Putri", "Maharani", "Anggraeni", "Ramadhani", "Safitri", "Kirana", "Larasati", "Azzahra", "Oktaviani", "Salsabila"],
    m: ["Pratama", "Ramadhan", "Saputra", "Hidayat", "Nugraha", "Permana", "Aditya", "Syahputra", "Maulana", "Firdaus"],
  },
  singleShare: 0,
};

const GROUPS: readonly (readonly [NameGroup, number])[] = [
  [JAVANESE, 55],
  [YOUNG, 12],
  [SUNDANESE, 9],
  [CHINESE_INDONESIAN, 10],
  [ARAB_INDONESIAN, 5],
  [BATAK, 5],
  [MINANG, 4],
];

export interface PersonName {
  full: string;
  first: string;
  last: string | null;
  gender: Gender;
}

export function personName(rng: Prng): PersonName {
  const group = rng.weighted(GROUPS);
  const gender: Gender = rng.chance(0.68) ? "f" : "m"; // batik buyers skew female
  if (group === JAVANESE && rng.chance(group.singleShare)) {
    const single = rng.pick(JAVANESE_SINGLE[gender]);
    return { full: single, first: single, last: null, gender };
  }
  const first = rng.pick(group.first[gender]);
  let last = rng.pick(group.last[gender]);
  // "Sri Sri" or "Putri Putri" would give the list away.
  if (last === first) last = rng.pick(group.last[gender]);
  return { full: `${first} ${last}`, first, last, gender };
}

const SHOP_WORDS = ["Melati", "Larasati", "Sekar Arum", "Nusantara", "Kencana", "Srikandi", "Cempaka", "Wijaya Kusuma", "Sido Mukti", "Parang Kencana", "Kawung", "Mega Mendung", "Sinar Abadi", "Sumber Rejeki", "Berkah Jaya", "Azzahra", "Anggun", "Pesona", "Pelangi", "Lintang", "Arunika", "Dewi Sri", "Kartini", "Mutiara", "Citra", "Jlamprang", "Buketan", "Tiga Negeri", "Lestari", "Ayu"];

export type BusinessKind = "reseller" | "boutique" | "institution";

const PREFIXES: Record<BusinessKind, readonly string[]> = {
  reseller: ["Toko Batik", "Grosir Batik", "Kios Batik", "UD Batik", "CV", "Batik"],
  boutique: ["Butik", "Galeri Batik", "Griya Batik", "Rumah Batik", "Boutique"],
  institution: [],
};

/** Offices and schools that order batik uniforms (seragam) once or twice a year. */
const INSTITUTIONS = [
  "Koperasi Guru SMPN 2 Batang",
  "Koperasi Karyawan RSUD Kraton",
  "Dharma Wanita Kec. Wiradesa",
  "PKK Kelurahan Kauman",
  "Hotel Sahid Mandarin (seragam)",
  "Koperasi Pegawai Pemkab Pemalang",
  "Yayasan Pendidikan Al-Irsyad",
  "Paguyuban Arisan Ibu-ibu Perumnas Tegal",
];

/** A unique business name (the set of already used names is updated). */
export function businessName(rng: Prng, kind: BusinessKind, city: string, used: Set<string>): string {
  for (let attempt = 0; attempt < 50; attempt++) {
    let name: string;
    if (kind === "institution") {
      name = rng.pick(INSTITUTIONS);
    } else {
      name = `${rng.pick(PREFIXES[kind])} ${rng.pick(SHOP_WORDS)}`;
      if (rng.chance(0.4)) name += ` ${city}`;
    }
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  const fallback = `${rng.pick(PREFIXES.reseller)} ${rng.pick(SHOP_WORDS)} ${used.size + 1}`;
  used.add(fallback);
  return fallback;
}

/** ASCII lower-case slug for e-mail local parts ("Al-Habsyi" -> "alhabsyi"). */
export function slug(text: string): string {
  return text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, "")
    .trim()
    .replace(/\s+/g, ".");
}

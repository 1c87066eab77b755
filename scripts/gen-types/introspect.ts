/**
 * Catalog introspection for scripts/gen-types.ts: reads the tables, views, columns, foreign
 * keys, functions and enums of the `public` schema (objects owned by extensions left out).
 */
import type pg from "pg";

export const SCHEMA = "public";

// ---------------------------------------------------------------- catalog rows

export interface TypeRow { oid: number; name: string; schema: string; typtype: string; category: string; elem: number; base: number; relid: number }
export interface ColumnRow { rel: string; relkind: string; name: string; num: number; type: number; notnull: boolean; hasdefault: boolean; identity: string; generated: string; updatable: boolean }
export interface FkRow { name: string; rel: string; cols: string[]; refrel: string; refcols: string[]; one_to_one: boolean }
export interface FnRow { name: string; retset: boolean; rettype: number; argtypes: number[]; argmodes: string[] | null; argnames: string[] | null; ndefaults: number }
export interface EnumRow { name: string; labels: string[] }
export interface Catalog { types: Map<number, TypeRow>; columns: ColumnRow[]; fks: FkRow[]; fns: FnRow[]; enums: EnumRow[] }

// Objects created by extensions are not ours to type.
const NOT_EXTENSION = (cls: string, col: string) =>
  `not exists (select 1 from pg_depend d where d.classid = '${cls}'::regclass and d.objid = ${col} and d.deptype = 'e')`;

export async function introspect(client: pg.Client): Promise<Catalog> {
  const types = await client.query<TypeRow>(`
    select t.oid::int as oid, t.typname as name, n.nspname as schema, t.typtype::text as typtype,
      t.typcategory::text as category, t.typelem::int as elem, t.typbasetype::int as base, t.typrelid::int as relid
    from pg_type t join pg_namespace n on n.oid = t.typnamespace`);
  const columns = await client.query<ColumnRow>(`
    select c.relname as rel, c.relkind::text as relkind, a.attname as name, a.attnum::int as num,
      a.atttypid::int as type, a.attnotnull as notnull, a.atthasdef as hasdefault,
      a.attidentity::text as identity, a.attgenerated::text as generated,
      (c.relkind in ('r', 'p') or (pg_relation_is_updatable(c.oid::regclass, false) & 4) = 4) as updatable
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    where n.nspname = $1 and c.relkind in ('r', 'p', 'v', 'm', 'c') and ${NOT_EXTENSION("pg_class", "c.oid")}
    order by c.relname, a.attnum`, [SCHEMA]);
  const fks = await client.query<FkRow>(`
    select con.conname as name, c.relname as rel, rc.relname as refrel,
      array(select a.attname from unnest(con.conkey) with ordinality k(n, i)
            join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n order by k.i)::text[] as cols,
      array(select a.attname from unnest(con.confkey) with ordinality k(n, i)
            join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n order by k.i)::text[] as refcols,
      exists (select 1 from pg_index ix where ix.indrelid = con.conrelid and ix.indisunique and ix.indpred is null
              and (select array_agg(x order by x) from unnest(ix.indkey::int2[]) x)
                = (select array_agg(x order by x) from unnest(con.conkey) x)) as one_to_one
    from pg_constraint con
    join pg_class c on c.oid = con.conrelid
    join pg_namespace n on n.oid = c.relnamespace
    join pg_class rc on rc.oid = con.confrelid
    where con.contype = 'f' and n.nspname = $1`, [SCHEMA]);
  const fns = await client.query<FnRow>(`
    select p.proname as name, p.proretset as retset, p.prorettype::int as rettype,
      coalesce(p.proallargtypes, p.proargtypes::oid[])::int[] as argtypes,
      p.proargmodes::text[] as argmodes, p.proargnames as argnames, p.pronargdefaults::int as ndefaults
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = $1 and p.prokind = 'f'
      and p.prorettype not in ('trigger'::regtype, 'event_trigger'::regtype)
      and ${NOT_EXTENSION("pg_proc", "p.oid")}`, [SCHEMA]);
  const enums = await client.query<EnumRow>(`
    select t.typname as name, array_agg(e.enumlabel::text order by e.enumsortorder) as labels
    from pg_type t join pg_namespace n on n.oid = t.typnamespace join pg_enum e on e.enumtypid = t.oid
    where n.nspname = $1 group by t.typname`, [SCHEMA]);
  return {
    types: new Map(types.rows.map((t) => [t.oid, t])),
    columns: columns.rows,
    fks: fks.rows,
    fns: fns.rows,
    enums: enums.rows,
  };
}

/**
 * Limits of an import file (issue 4). The route checks them before anything is stored, and
 * the database checks the row count again (create_import).
 */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 200_000;
/** More columns than any real customer or sales sheet has; beyond it the file is refused. */
export const IMPORT_MAX_COLUMNS = 100;
/**
 * Cells are kept up to this many characters: one more than the longest field allows
 * (notes, 1,000), so an over-long cell is still reported as "too long" by the form schema,
 * while a pathological cell cannot bloat the staging table.
 */
export const IMPORT_MAX_CELL = 1001;
/**
 * Rows per stage_import_rows body (the function takes at most 10,000) and the size at which a
 * body is closed early (wide or long rows). Fewer, larger calls: each request costs the app
 * some garbage and a round trip whatever its size.
 */
export const STAGE_CHUNK = 10_000;
export const STAGE_CHUNK_BYTES = 4 * 1024 * 1024;
/** Rows per validation batch of the job. */
export const PROCESS_BATCH = 5_000;
/**
 * Rows per apply call (private.import_apply_*: one transaction each). Bigger than the
 * validation batch because each call has a fixed cost (temp table, matching, a dozen
 * statements): ~310 us a customer row at 20,000 against ~390 us at 5,000 (docs/imports.md).
 */
export const APPLY_BATCH = 20_000;
/** Rows shown on the mapping screen's preview. */
export const PREVIEW_ROWS = 20;

export const IMPORT_KINDS = ["customers", "transactions"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const DUPLICATE_STRATEGIES = ["skip", "fill_empty", "overwrite"] as const;
export type DuplicateStrategy = (typeof DUPLICATE_STRATEGIES)[number];
export const IMPORT_BUCKET = "import-files";

/**
 * manifest.json: the provenance written beside every export, enough to reproduce it — the
 * inputs (names, sizes, SHA-256), every setting from mapping to basket thresholds, and the
 * SHA-256 of each file written. A pure builder: the caller passes the time and the bytes.
 */
import type { MinSupport } from '../assoc/support.ts';
import type { CleaningOptions } from '../clean/rules.ts';
import { EngineError } from '../errors.ts';
import type { ColumnMapping } from '../mapping/roles.ts';
import type { ScoreOptions } from '../rfm/scores.ts';
import type { SegmentRuleSet } from '../segments/rule-set.ts';
import { sha256, toHex } from './sha256.ts';

/** Identifies the manifest layout, for readers. */
export const MANIFEST_FORMAT = 'segment-studio-manifest/1';

export interface FileDigest {
  name: string;
  /** Bytes. */
  size: number;
  /** Lower-case hex SHA-256 of the bytes. */
  sha256: string;
  /** A source left out as a byte-for-byte copy of this one (file-copies.ts). */
  copyOf?: string;
}

export interface BasketSettings {
  by: 'invoice' | 'customer' | 'visit';
  item: 'sku' | 'description' | 'category';
  minSupport: MinSupport;
  minConfidence: number;
  minLift?: number;
  maxLen?: number;
  pruneRedundant?: boolean;
  /** Rules mined on this segment's baskets only. */
  segment?: string;
  /** Recommendations per customer, when recommendations were written. */
  recommendationsPerCustomer?: number;
}

export interface ManifestInput {
  /** package.json version of the tool that wrote the export. */
  toolVersion: string;
  /** When the export was written, ISO 8601 (the engine has no clock: pass it in). */
  time: string;
  /** Each input file, in reading order (see `fileDigest`). */
  sources: readonly FileDigest[];
  rows: { read: number; kept: number; removedByRule?: Readonly<Record<string, number>> };
  mapping: ColumnMapping;
  cleaning: CleaningOptions;
  /** RFM snapshot date, YYYY-MM-DD, when RFM was computed. */
  snapshot?: string;
  scoring?: ScoreOptions;
  segmentRules?: SegmentRuleSet;
  clustering?: { k: number; seed: number; options?: Readonly<Record<string, unknown>> };
  baskets?: BasketSettings;
  /** Columns written, in file order (of the main export). */
  columns: readonly string[];
  /** Small-group suppression: groups with fewer customers than minGroupSize left out of the per-customer exports. */
  suppression?: { groupBy: string; minGroupSize: number; groups: readonly { name: string; customers: number }[] };
  /** Every file written beside the manifest, with its content. */
  outputs: readonly { name: string; content: Uint8Array | string }[];
  /** Tables written into a database rather than files: where (never with a password), replaced or appended, rows per table. */
  database?: DatabaseWrite;
}

export interface DatabaseWrite {
  /** e.g. "postgres://user@host:5432/db" or "data-mart.duckdb": never a password. */
  target: string;
  mode: 'replace' | 'append';
  tables: readonly { name: string; rows: number }[];
}

const utf8 = new TextEncoder();
const HEX64 = /^[0-9a-f]{64}$/;

/** Name, size and SHA-256 of in-memory content (text is hashed as UTF-8). O(bytes). */
export function fileDigest(name: string, content: Uint8Array | string): FileDigest {
  const bytes = typeof content === 'string' ? utf8.encode(content) : content;
  return { name, size: bytes.length, sha256: toHex(sha256(bytes)) };
}

/** Objects with keys in code-unit order at every level; arrays keep their order. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

function checkInput(input: ManifestInput): void {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(input.time)) {
    throw new EngineError('invalid_argument', `manifest time must be ISO 8601 (YYYY-MM-DDTHH:MM...), got "${input.time}"`);
  }
  for (const s of input.sources) {
    if (!HEX64.test(s.sha256)) throw new EngineError('invalid_argument', `source ${s.name}: sha256 must be 64 lower-case hex digits`);
    if (!Number.isInteger(s.size) || s.size < 0) throw new EngineError('invalid_argument', `source ${s.name}: size must be a non-negative integer`);
  }
  const names = new Set<string>();
  for (const o of input.outputs) {
    if (names.has(o.name)) throw new EngineError('invalid_argument', `output ${o.name} is listed twice`);
    names.add(o.name);
  }
}

/**
 * The text of manifest.json: two-space indented JSON ending in a newline. Top-level keys in
 * this order: format, tool {name, version}, time, sources [{name, size, sha256, copy_of for a copy left out}], rows {read,
 * kept, removed_by_rule}, mapping, cleaning {rules, returns, non_product_codes,
 * non_product_words, junk_words, implausible {min_date, exclude}}, snapshot, scoring, segment_rules, clustering, baskets,
 * columns, suppression {group_by, min_group_size, groups [{name, customers}]}, outputs
 * [{name, size, sha256}], and database {target, mode, tables [{name, rows}]} only when tables
 * went into a database; absent settings are null. Keys inside sections are
 * sorted, arrays keep the caller's order, so the same input always gives the same bytes;
 * non-finite numbers (maxLen = Infinity) are written as strings ("Infinity").
 * Outputs are hashed here (SHA-256 of their bytes; text as UTF-8): O(total output bytes).
 *
 * @throws EngineError `invalid_argument` for a time that is not ISO 8601, a malformed source
 *   digest or an output listed twice.
 */
export function buildManifest(input: ManifestInput): string {
  checkInput(input);
  const section = (v: unknown) => (v === undefined ? null : sortKeys(v));
  const manifest = {
    format: MANIFEST_FORMAT,
    tool: { name: 'segment-studio', version: input.toolVersion },
    time: input.time,
    sources: input.sources.map((s) => ({ name: s.name, size: s.size, sha256: s.sha256, ...(s.copyOf !== undefined ? { copy_of: s.copyOf } : {}) })),
    rows: section({ read: input.rows.read, kept: input.rows.kept, removed_by_rule: input.rows.removedByRule ?? null }),
    mapping: section(input.mapping),
    cleaning: {
      rules: [...input.cleaning.rules],
      returns: input.cleaning.returns,
      non_product_codes: [...input.cleaning.nonProductCodes],
      non_product_words: [...input.cleaning.nonProductWords],
      junk_words: [...input.cleaning.junkWords],
      implausible: { min_date: input.cleaning.implausible.minDate, exclude: [...input.cleaning.implausible.exclude] },
    },
    snapshot: input.snapshot ?? null,
    scoring: section(input.scoring),
    segment_rules: section(input.segmentRules),
    clustering: section(input.clustering),
    baskets: section(input.baskets),
    columns: [...input.columns],
    suppression: input.suppression
      ? {
          group_by: input.suppression.groupBy,
          min_group_size: input.suppression.minGroupSize,
          groups: input.suppression.groups.map((g) => ({ name: g.name, customers: g.customers })),
        }
      : null,
    outputs: input.outputs.map((o) => fileDigest(o.name, o.content)),
    ...(input.database
      ? {
          database: {
            target: input.database.target,
            mode: input.database.mode,
            tables: input.database.tables.map((t) => ({ name: t.name, rows: t.rows })),
          },
        }
      : {}),
  };
  return `${JSON.stringify(manifest, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2)}\n`;
}

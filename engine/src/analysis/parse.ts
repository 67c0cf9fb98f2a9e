/**
 * Reads an analysis document: migrates older versions, fills what is absent from the
 * defaults, and refuses anything unknown or invalid with one message naming every bad field
 * ("clustering.k: must be a whole number from 1 to 50 or "auto"").
 */
import { CLEANING_RULES, IMPLAUSIBLE_KINDS, type CleaningRule, type ImplausibleKind } from '../clean/rules.ts';
import { EngineError } from '../errors.ts';
import { CHOSEN_ENCODINGS } from '../io/sniff.ts';
import { TEXT_LAYOUTS } from '../io/text-layout.ts';
import { DAY_MONTH_ORDERS } from '../mapping/date-format.ts';
import { DECIMAL_MARKS } from '../mapping/number-format.ts';
import { ORDER_NUMBERINGS } from '../io/restarting-numbers.ts';
import { ROLES, type ColumnMapping } from '../mapping/roles.ts';
import { parseRuleSet, type SegmentRuleSet } from '../segments/rule-set.ts';
import { ANALYSIS_VERSION, EXPORT_COLUMNS, defaultAnalysis, type Analysis, type BasketRestriction } from './document.ts';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (v: unknown): v is string => typeof v === 'string' && ISO_DATE.test(v) && !Number.isNaN(Date.parse(v));

/** Collects every problem with its field path, so the user fixes the file in one go. */
class Problems {
  readonly list: string[] = [];
  add(path: string, message: string): void {
    this.list.push(`${path}: ${message}`);
  }
}

/** Copies the keys of `input` onto `fallback`'s shape, each through its reader; unknown keys are problems. */
function readSection<T extends object>(
  input: unknown,
  path: string,
  fallback: T,
  readers: { [K in keyof T]: (v: unknown, p: string) => T[K] | undefined },
  problems: Problems,
): T {
  if (input === undefined) return fallback;
  if (!isObject(input)) {
    problems.add(path || 'analysis', 'must be an object');
    return fallback;
  }
  const out = { ...fallback };
  for (const [key, value] of Object.entries(input)) {
    const read = (readers as Record<string, (v: unknown, p: string) => unknown>)[key];
    const at = path ? `${path}.${key}` : key;
    if (!read) {
      problems.add(at, `unknown field; fields are ${Object.keys(readers).join(', ')}`);
      continue;
    }
    const v = read(value, at);
    if (v !== undefined) (out as Record<string, unknown>)[key] = v;
  }
  return out;
}

function readers(problems: Problems) {
  const fail = (p: string, m: string): undefined => (problems.add(p, m), undefined);
  const bool = (v: unknown, p: string) => (typeof v === 'boolean' ? v : fail(p, 'must be true or false'));
  const text = (v: unknown, p: string) => (typeof v === 'string' ? v : fail(p, 'must be text'));
  const oneOf =
    <T extends string>(options: readonly T[]) =>
    (v: unknown, p: string) =>
      typeof v === 'string' && (options as readonly string[]).includes(v) ? (v as T) : fail(p, `must be one of ${options.join(', ')}`);
  const number =
    (min: number, max: number, { integer = false, openMin = false } = {}) =>
    (v: unknown, p: string) => {
      const ok = typeof v === 'number' && Number.isFinite(v) && (openMin ? v > min : v >= min) && v <= max && (!integer || Number.isInteger(v));
      return ok ? (v as number) : fail(p, `must be ${integer ? 'a whole number' : 'a number'} from ${min}${openMin ? ' (exclusive)' : ''} to ${max}`);
    };
  const textList = (v: unknown, p: string) =>
    Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : fail(p, 'must be a list of texts');
  return { fail, bool, text, oneOf, number, textList };
}

/**
 * Parses an analysis document (already JSON-parsed). Older versions are migrated first;
 * absent sections and fields take their defaults. Throws EngineError('invalid_argument')
 * naming every unknown or invalid field. Pure and deterministic.
 */
export function parseAnalysis(input: unknown): Analysis {
  const problems = new Problems();
  const migrated = migrate(input);
  const d = defaultAnalysis();
  const r = readers(problems);

  const top = readSection(
    migrated,
    '',
    { ...d, version: ANALYSIS_VERSION as number },
    {
      version: (v, p) => (v === ANALYSIS_VERSION ? ANALYSIS_VERSION : r.fail(p, `must be ${ANALYSIS_VERSION}`)),
      name: r.text,
      sources: (v, p) =>
        readSection(
          v,
          p,
          d.sources,
          {
            paths: r.textList,
            sheet: r.text,
            layout: r.oneOf(TEXT_LAYOUTS),
            encoding: r.oneOf(CHOSEN_ENCODINGS),
            decimalMark: r.oneOf(DECIMAL_MARKS),
            dateOrder: r.oneOf(DAY_MONTH_ORDERS),
            orderNumbers: r.oneOf(ORDER_NUMBERINGS),
          },
          problems,
        ),
      mapping: (v, p) => readMapping(v, p, problems),
      cleaning: (v, p) =>
        readSection(
          v,
          p,
          d.cleaning,
          {
            rules: (x, q) => {
              const list = r.textList(x, q);
              const bad = list?.filter((s) => !(CLEANING_RULES as readonly string[]).includes(s)) ?? [];
              if (bad.length) return r.fail(q, `unknown rule ${bad.map((b) => JSON.stringify(b)).join(', ')}; rules are ${CLEANING_RULES.join(', ')}`);
              // Stored in the canonical order, in which a removed line is attributed to a rule.
              return list ? (CLEANING_RULES.filter((c) => list.includes(c)) as CleaningRule[]) : undefined;
            },
            returns: r.oneOf(['drop', 'net'] as const),
            nonProductCodes: r.textList,
            nonProductWords: r.textList,
            junkWords: r.textList,
            implausible: (x, q) =>
              readSection(
                x,
                q,
                d.cleaning.implausible,
                {
                  minDate: (y, w) => (isDate(y) ? y : r.fail(w, 'must be a date YYYY-MM-DD')),
                  exclude: (y, w) => {
                    const list = r.textList(y, w);
                    const bad = list?.filter((s) => !(IMPLAUSIBLE_KINDS as readonly string[]).includes(s)) ?? [];
                    if (bad.length) return r.fail(w, `unknown kind ${bad.map((b) => JSON.stringify(b)).join(', ')}; kinds are ${IMPLAUSIBLE_KINDS.join(', ')}`);
                    return list ? (IMPLAUSIBLE_KINDS.filter((k) => list.includes(k)) as ImplausibleKind[]) : undefined;
                  },
                },
                problems,
              ),
          },
          problems,
        ),
      snapshot: (v, p) => (v === null ? null : isDate(v) ? v : r.fail(p, 'must be a date YYYY-MM-DD or null')),
      scoring: (v, p) =>
        readSection(
          v,
          p,
          d.scoring,
          {
            bins: r.number(2, 10, { integer: true }),
            method: r.oneOf(['quantile', 'ntile'] as const),
          },
          problems,
        ),
      segments: (v, p) => readRules(v, p, problems),
      clustering: (v, p) =>
        readSection(
          v,
          p,
          d.clustering,
          {
            enabled: r.bool,
            k: (x, q) =>
              x === 'auto' || (typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= 50)
                ? x
                : r.fail(q, 'must be a whole number from 1 to 50, or "auto"'),
            log1p: r.bool,
            standardize: r.bool,
            seed: r.number(0, 2 ** 31 - 1, { integer: true }),
            restarts: r.number(1, 100, { integer: true }),
          },
          problems,
        ),
      baskets: (v, p) =>
        readSection(
          v,
          p,
          d.baskets,
          {
            enabled: r.bool,
            by: r.oneOf(['invoice', 'customer', 'visit'] as const),
            item: r.oneOf(['sku', 'description', 'category'] as const),
            minSupport: (x, q) =>
              typeof x === 'number' && x > 0 && (x < 1 || (Number.isInteger(x) && x <= 1e9))
                ? x
                : r.fail(q, 'must be a fraction of baskets in (0, 1) or a whole number of baskets'),
            minConfidence: r.number(0, 1),
            minLift: r.number(0, 1e9),
            maxLen: r.number(1, 10, { integer: true }),
            minItems: (x, q) => (x === 1 || x === 2 ? x : r.fail(q, 'must be 1 or 2')),
            prune: r.bool,
            restrict: (x, q) => readRestriction(x, q, problems),
          },
          problems,
        ),
      clv: (v, p) =>
        readSection(
          v,
          p,
          d.clv,
          {
            horizonMonths: r.number(1, 120, { integer: true }),
            monthlyDiscount: (x, q) => (typeof x === 'number' && x >= 0 && x < 1 ? x : r.fail(q, 'must be a number from 0 to below 1 (0.01 = 1 % a month)')),
            unit: r.oneOf(['day', 'week'] as const),
            holdoutFrom: (x, q) => (x === null ? null : isDate(x) ? x : r.fail(q, 'must be a date YYYY-MM-DD or null')),
          },
          problems,
        ),
      overview: (v, p) =>
        readSection(
          v,
          p,
          d.overview,
          {
            churnDays: r.number(1, 3650, { integer: true }),
            asOf: (x, q) => (x === null ? null : isDate(x) ? x : r.fail(q, 'must be a date YYYY-MM-DD or null')),
            windowDays: r.number(1, 3650, { integer: true }),
          },
          problems,
        ),
      export: (v, p) =>
        readSection(
          v,
          p,
          d.export,
          {
            groupBy: r.oneOf(['segment', 'cluster'] as const),
            selection: r.textList,
            columns: (x, q) => {
              const list = r.textList(x, q);
              const bad = list?.filter((c) => !(EXPORT_COLUMNS as readonly string[]).includes(c)) ?? [];
              return bad.length ? r.fail(q, `unknown column ${bad.map((b) => JSON.stringify(b)).join(', ')}; columns are ${EXPORT_COLUMNS.join(', ')}`) : list;
            },
            layout: r.oneOf(['one-file', 'per-group'] as const),
            format: r.oneOf(['csv', 'email'] as const),
            minGroupSize: r.number(0, 1_000_000, { integer: true }),
            bom: r.bool,
            recommend: r.number(0, 20, { integer: true }),
          },
          problems,
        ),
    },
    problems,
  );
  if (problems.list.length) throw new EngineError('invalid_argument', `invalid analysis: ${problems.list.join('; ')}`);
  return { ...top, version: ANALYSIS_VERSION };
}

function readMapping(v: unknown, path: string, problems: Problems): ColumnMapping | undefined {
  if (!isObject(v)) return void problems.add(path, 'must be an object of role: column');
  const out: ColumnMapping = {};
  for (const [role, column] of Object.entries(v)) {
    if (!(ROLES as readonly string[]).includes(role)) problems.add(`${path}.${role}`, `unknown role; roles are ${ROLES.join(', ')}`);
    // '' maps the role to nothing, by choice (detection leaves it alone).
    else if (typeof column !== 'string') problems.add(`${path}.${role}`, 'must be a column name, or "" for not mapped');
    else out[role as keyof ColumnMapping] = column;
  }
  return out;
}

function readRules(v: unknown, path: string, problems: Problems): SegmentRuleSet | undefined {
  try {
    return parseRuleSet(v);
  } catch (e) {
    if (e instanceof EngineError) return void problems.add(path, e.message);
    throw e;
  }
}

function readRestriction(v: unknown, path: string, problems: Problems): BasketRestriction | undefined {
  if (isObject(v) && v.kind === 'all' && Object.keys(v).length === 1) return { kind: 'all' };
  if (isObject(v) && v.kind === 'segment' && typeof v.segment === 'string' && Object.keys(v).length === 2) return { kind: 'segment', segment: v.segment };
  if (isObject(v) && v.kind === 'cluster' && Number.isInteger(v.cluster) && (v.cluster as number) >= 1 && Object.keys(v).length === 2)
    return { kind: 'cluster', cluster: v.cluster as number };
  return void problems.add(path, 'must be {"kind": "all"}, {"kind": "segment", "segment": NAME} or {"kind": "cluster", "cluster": N (1-based)}');
}

/**
 * Older documents, step by step up to ANALYSIS_VERSION. Version 0 is the rules file that
 * `segment --rules` has always taken (a bare segment rule set): it becomes an analysis with
 * those rules and every other setting at its default.
 */
function migrate(input: unknown): unknown {
  if (!isObject(input)) throw new EngineError('invalid_argument', 'invalid analysis: the document must be a JSON object');
  const version = input.version ?? (Array.isArray(input.segments) && 'fallback' in input ? 0 : undefined);
  if (version === 0) return { version: 1, name: typeof input.name === 'string' ? input.name : 'Imported rules', segments: input };
  if (typeof version === 'number' && version > ANALYSIS_VERSION) {
    throw new EngineError(
      'invalid_argument',
      `invalid analysis: version ${version} was written by a newer Segment Studio (this one reads up to ${ANALYSIS_VERSION})`,
    );
  }
  if (version === undefined) throw new EngineError('invalid_argument', 'invalid analysis: "version" is missing');
  return input;
}

/** The document as saved: stable key order, two-space indent, a final newline. */
export function serialiseAnalysis(a: Analysis): string {
  return `${JSON.stringify(a, null, 2)}\n`;
}

import {
  EngineError,
  IMPLAUSIBLE_KINDS,
  isCleaningRule,
  isImplausibleKind,
  isRole,
  type ColumnMapping,
  type CleaningRule,
  type ImplausibleKind,
  DEFAULT_RULES,
} from '../src/index.ts';

export interface ParsedArgs {
  command: string;
  inputs: string[];
  flags: Map<string, string[]>;
}

/** Flags that take no value. */
const BOOLEAN_FLAGS = new Set(['json', 'help', 'quick', 'prune', 'append', 'save-mapping', 'forget-mapping', 'contacts', 'progress']);

/** `cmd a b --x 1 --y=2 --json` -> {command, inputs, flags}; repeated flags accumulate. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [command = 'help', ...rest] = argv;
  const inputs: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (!a.startsWith('--')) {
      inputs.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    let value: string;
    if (eq > 0) value = a.slice(eq + 1);
    else if (BOOLEAN_FLAGS.has(name)) value = 'true';
    else {
      const next = rest[i + 1];
      if (next === undefined || next.startsWith('--')) throw new EngineError('invalid_argument', `--${name} needs a value`);
      value = next;
      i++;
    }
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return { command, inputs, flags };
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return v?.[v.length - 1];
}

export function numberFlag(args: ParsedArgs, name: string, fallback: number): number {
  const v = flag(args, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new EngineError('invalid_argument', `--${name} must be a number, got "${v}"`);
  return n;
}

/** `--map role=Column` (repeatable). */
export function mappingFlags(args: ParsedArgs): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const m of args.flags.get('map') ?? []) {
    const eq = m.indexOf('=');
    const role = m.slice(0, eq);
    if (eq <= 0 || !isRole(role)) {
      throw new EngineError(
        'invalid_argument',
        `--map ${m}: expected role=Column with a role among invoice, customer, date, sku, description, quantity, unit_price, line_total, country, email, category`,
      );
    }
    mapping[role] = m.slice(eq + 1);
  }
  return mapping;
}

/**
 * Today's date for the implausible-date checks: `--today YYYY-MM-DD`, else the machine's local
 * date (the engine has no clock; the CLI is the host that reads it).
 */
export function todayFlag(args: ParsedArgs, now: Date = new Date()): string {
  const given = flag(args, 'today');
  if (given !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(given) || Number.isNaN(Date.parse(given)))
      throw new EngineError('invalid_argument', `--today must be a date YYYY-MM-DD, got "${given}"`);
    return given;
  }
  const two = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
}

/**
 * `--min-date YYYY-MM-DD` (lines before it are early_date) and `--keep-implausible
 * all|none|kind,kind` (the implausible kinds kept; the others are excluded).
 */
export function implausibleFlags(args: ParsedArgs, base: { minDate: string; exclude: ImplausibleKind[] }): { minDate: string; exclude: ImplausibleKind[] } {
  const minDate = flag(args, 'min-date') ?? base.minDate;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(minDate) || Number.isNaN(Date.parse(minDate)))
    throw new EngineError('invalid_argument', `--min-date must be a date YYYY-MM-DD, got "${minDate}"`);
  const keep = flag(args, 'keep-implausible');
  if (keep === undefined) return { minDate, exclude: [...base.exclude] };
  const names =
    keep === 'all'
      ? [...IMPLAUSIBLE_KINDS]
      : keep === 'none'
        ? []
        : keep
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== '');
  for (const n of names) {
    if (!isImplausibleKind(n))
      throw new EngineError('invalid_argument', `--keep-implausible: unknown kind "${n}"; kinds are ${IMPLAUSIBLE_KINDS.join(', ')}, or all, none`);
  }
  return { minDate, exclude: IMPLAUSIBLE_KINDS.filter((k) => !(names as string[]).includes(k)) };
}

/** `--clean default|none|rule,rule` -> the rules to apply, exactly. */
export function cleanFlag(args: ParsedArgs): CleaningRule[] {
  const v = flag(args, 'clean') ?? 'default';
  if (v === 'default') return [...DEFAULT_RULES];
  if (v === 'none') return [];
  const names = v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const n of names) {
    if (!isCleaningRule(n)) throw new EngineError('invalid_argument', `--clean: unknown rule "${n}"; rules are ${DEFAULT_RULES.join(', ')}`);
  }
  return names as CleaningRule[];
}

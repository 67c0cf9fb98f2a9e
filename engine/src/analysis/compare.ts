/**
 * A run compared with the previous one (last month's outputs): who moved between segments,
 * who is new, who is gone, and which rules appeared or disappeared. Reads the previous run's
 * own CSV files, so any earlier output folder can be the baseline.
 */
import { EngineError } from '../errors.ts';
import { neutraliseFormula, toCsv, type Cell } from '../export/csv.ts';
import { MAX_RULES } from './document.ts';
import { MIN_RULE_BASKETS } from './support-floor.ts';

/** Parses CSV text written by toCsv (quotes, doubled quotes, line breaks in quotes, optional BOM). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
    else if (ch !== '\r') cell += ch;
  }
  if (cell !== '' || row.length) row.push(cell), rows.push(row);
  return rows;
}

function columnsOf(rows: string[][], file: string, wanted: readonly string[]): number[] {
  const header = rows[0] ?? [];
  return wanted.map((w) => {
    const j = header.indexOf(w);
    if (j < 0) throw new EngineError('invalid_argument', `the previous run's file has no "${w}" column`, { file });
    return j;
  });
}

export const NEW = '(new)';
export const GONE = '(gone)';

export interface Migration {
  /** Row labels: the previous segments, then NEW. */
  before: string[];
  /** Column labels: the current segments, then GONE. */
  after: string[];
  /** counts[i][j]: customers in before[i] then and after[j] now. */
  counts: number[][];
  /** Customers in both runs whose segment changed. */
  moved: number;
  stayed: number;
  added: number;
  lost: number;
}

/**
 * Segment × segment migration between the previous customers.csv (text) and the current
 * assignment. Segment order: current rule order first, then segments that only existed before.
 * O(customers).
 */
export function segmentMigration(
  previousCustomersCsv: string,
  current: { customerIds: readonly string[]; segmentOf: (i: number) => string; segmentNames: readonly string[] },
  file = 'customers.csv',
): Migration {
  const rows = parseCsv(previousCustomersCsv);
  const [idCol, segCol] = columnsOf(rows, file, ['customer_id', 'segment']);
  const previous = new Map<string, string>();
  for (let r = 1; r < rows.length; r++) previous.set(rows[r]![idCol!] ?? '', rows[r]![segCol!] ?? '');
  const prevNames = [...new Set(previous.values())];
  const order = [...current.segmentNames, ...prevNames.filter((s) => !current.segmentNames.includes(s))];
  const before = [...order, NEW];
  const after = [...order, GONE];
  const counts = before.map(() => after.map(() => 0));
  const b = new Map(before.map((s, i) => [s, i]));
  const a = new Map(after.map((s, j) => [s, j]));
  const seen = new Set<string>();
  let moved = 0,
    stayed = 0,
    added = 0;
  current.customerIds.forEach((id, i) => {
    const key = neutraliseFormula(id);
    seen.add(key);
    const now = current.segmentOf(i);
    const then = previous.get(key);
    if (then === undefined) added++;
    else if (then === now) stayed++;
    else moved++;
    counts[b.get(then ?? NEW)!]![a.get(now)!]!++;
  });
  let lost = 0;
  for (const [id, then] of previous) {
    if (seen.has(id)) continue;
    lost++;
    counts[b.get(then)!]![a.get(GONE)!]!++;
  }
  return { before, after, counts, moved, stayed, added, lost };
}

/** migration.csv: one row per previous segment (and NEW), one column per current segment (and GONE). */
export function migrationCsv(m: Migration): string {
  return toCsv(
    ['before \\ after', ...m.after],
    m.before.map((s, i) => [s, ...m.counts[i]!] as Cell[]),
  );
}

export interface RuleChanges {
  added: string[][];
  lost: string[][];
  kept: number;
}

/** Rules (antecedent ⇒ consequent, by item code) present now but not before, and the reverse. */
export function ruleChanges(previousRulesCsv: string, currentRulesCsv: string): RuleChanges {
  const load = (text: string, file: string) => {
    const rows = parseCsv(text);
    const cols = columnsOf(rows, file, ['antecedent', 'consequent', 'antecedent_names', 'consequent_names', 'confidence', 'lift']);
    return new Map(rows.slice(1).map((r) => [`${r[cols[0]!]}\u0000${r[cols[1]!]}`, cols.map((j) => r[j] ?? '')]));
  };
  const before = load(previousRulesCsv, 'rules.csv (previous run)');
  const now = load(currentRulesCsv, 'rules.csv');
  const added = [...now].filter(([k]) => !before.has(k)).map(([, v]) => v);
  const lost = [...before].filter(([k]) => !now.has(k)).map(([, v]) => v);
  return { added, lost, kept: now.size - added.length };
}

/** How a run's rules were mined, as far as comparing them goes. */
export interface RuleRunFacts {
  /** Cut at MAX_RULES (or the itemsets at MAX_ITEMSETS): which rules are kept is the cap's choice. */
  capped: boolean;
  /** Mined under the support floor (support-floor.ts): rules resting on a single basket. */
  belowFloor: boolean;
}

/** A previous run's facts from its rules.csv: as many rules as the cap, or a rule seen in fewer than MIN_RULE_BASKETS baskets. */
export function rulesFileFacts(rulesCsv: string): RuleRunFacts {
  const rows = parseCsv(rulesCsv).filter((r) => r.length > 1 || r[0] !== '');
  const count = rows[0]?.indexOf('count') ?? -1;
  return {
    capped: rows.length - 1 >= MAX_RULES,
    belowFloor: count >= 0 && rows.slice(1).some((r) => Number(r[count]) < MIN_RULE_BASKETS),
  };
}

/**
 * Why two runs' rules are not compared, or null. Capped rules are the cap's choice and rules on
 * single baskets come and go by chance: listing thousands of them as new and lost would pass
 * that off as a change in what customers buy.
 */
export function ruleComparisonCaveat(previous: RuleRunFacts, current: RuleRunFacts): string | null {
  const what = (f: RuleRunFacts) =>
    [
      f.capped ? `were capped at ${MAX_RULES.toLocaleString('en-US')}` : '',
      f.belowFloor ? `rest on single baskets (minimum support under ${MIN_RULE_BASKETS} baskets)` : '',
    ]
      .filter(Boolean)
      .join(' and ');
  const runs = [
    [current, "this run's"],
    [previous, "the previous run's"],
  ] as const;
  const why = runs.filter(([f]) => f.capped || f.belowFloor).map(([f, run]) => `${run} rules ${what(f)}`);
  if (why.length === 0) return null;
  return `rules not compared: ${why.join(', and ')}, so which rules appear or disappear says nothing about what customers buy`;
}

/** rule-changes.csv: each new and each lost rule with its figures (from the run it appears in). */
export function ruleChangesCsv(c: RuleChanges): string {
  return toCsv(
    ['change', 'antecedent', 'consequent', 'antecedent_names', 'consequent_names', 'confidence', 'lift'],
    [...c.added.map((r) => ['new', ...r]), ...c.lost.map((r) => ['lost', ...r])],
  );
}

import { readFileSync } from 'node:fs';
import {
  CHOSEN_ENCODINGS,
  DAY_MONTH_ORDERS,
  DECIMAL_MARKS,
  ORDER_NUMBERINGS,
  EngineError,
  TEXT_LAYOUTS,
  defaultAnalysis,
  parseRuleSet,
  preset,
  type Analysis,
  type BasketRestriction,
  type SegmentRuleSet,
} from '../src/index.ts';
import { cleanFlag, flag, implausibleFlags, mappingFlags, numberFlag, type ParsedArgs } from './args.ts';

function choice<T extends string>(args: ParsedArgs, name: string, options: readonly T[], fallback: T): T {
  const v = flag(args, name) ?? fallback;
  if (!(options as readonly string[]).includes(v)) throw new EngineError('invalid_argument', `--${name} must be one of ${options.join(', ')}`);
  return v as T;
}

/** --rules FILE (a rule set as JSON) or --preset NAME; the base analysis' rules otherwise. */
function ruleSetFlag(args: ParsedArgs, fallback: SegmentRuleSet): SegmentRuleSet {
  const file = flag(args, 'rules');
  if (file !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new EngineError('invalid_rules', `not readable JSON (${(e as Error).message.split('\n')[0]})`, { file });
    }
    try {
      return parseRuleSet(json);
    } catch (e) {
      if (e instanceof EngineError) throw new EngineError('invalid_rules', e.message, { file });
      throw e;
    }
  }
  const name = flag(args, 'preset');
  return name !== undefined ? preset(name) : fallback;
}

/**
 * The analysis the command-line flags describe, on top of `base` (the defaults, or an
 * analysis file for `run`): flags are a way to write an analysis, never a second set of
 * settings. Clustering is on only when --k is given; baskets follow the basket flags.
 */
export function analysisFromFlags(args: ParsedArgs, base: Analysis = defaultAnalysis()): Analysis {
  const a = structuredClone(base);
  a.mapping = { ...a.mapping, ...mappingFlags(args) };
  const sheet = flag(args, 'sheet');
  if (sheet !== undefined) a.sources.sheet = sheet;
  if (flag(args, 'layout') !== undefined) {
    const layout = choice(args, 'layout', ['auto', ...TEXT_LAYOUTS] as const, 'auto');
    if (layout === 'auto') delete a.sources.layout;
    else a.sources.layout = layout;
  }
  if (flag(args, 'encoding') !== undefined) {
    const encoding = choice(args, 'encoding', ['auto', ...CHOSEN_ENCODINGS] as const, 'auto');
    if (encoding === 'auto') delete a.sources.encoding;
    else a.sources.encoding = encoding;
  }
  if (flag(args, 'decimal-mark') !== undefined) {
    const mark = choice(args, 'decimal-mark', ['auto', ...DECIMAL_MARKS] as const, 'auto');
    if (mark === 'auto') delete a.sources.decimalMark;
    else a.sources.decimalMark = mark;
  }
  if (flag(args, 'date-order') !== undefined) {
    const order = choice(args, 'date-order', ['auto', ...DAY_MONTH_ORDERS] as const, 'auto');
    if (order === 'auto') delete a.sources.dateOrder;
    else a.sources.dateOrder = order;
  }
  if (flag(args, 'order-numbers') !== undefined) {
    const numbering = choice(args, 'order-numbers', ['auto', ...ORDER_NUMBERINGS] as const, 'auto');
    if (numbering === 'auto') delete a.sources.orderNumbers;
    else a.sources.orderNumbers = numbering;
  }
  if (flag(args, 'clean') !== undefined) a.cleaning.rules = cleanFlag(args);
  a.cleaning.returns = choice(args, 'returns', ['drop', 'net'] as const, a.cleaning.returns);
  a.cleaning.implausible = implausibleFlags(args, a.cleaning.implausible);
  const snapshot = flag(args, 'snapshot');
  if (snapshot !== undefined) a.snapshot = snapshot;
  a.scoring = { bins: numberFlag(args, 'bins', a.scoring.bins), method: choice(args, 'scores', ['quantile', 'ntile'] as const, a.scoring.method) };
  a.segments = ruleSetFlag(args, a.segments);
  const k = flag(args, 'k');
  if (k !== undefined) {
    const n = Number(k);
    if (k !== 'auto' && (!Number.isInteger(n) || n < 1 || n > 50))
      throw new EngineError('invalid_argument', `--k must be a whole number from 1 to 50, or auto; got "${k}"`);
    a.clustering = { ...a.clustering, enabled: true, k: k === 'auto' ? 'auto' : n };
  }
  a.clustering.restarts = numberFlag(args, 'restarts', a.clustering.restarts);
  const b = a.baskets;
  b.by = choice(args, 'by', ['invoice', 'customer', 'visit'] as const, b.by);
  b.item = choice(args, 'item', ['sku', 'description', 'category'] as const, b.item);
  b.minSupport = numberFlag(args, 'min-support', b.minSupport);
  if (!(b.minSupport > 0) || (b.minSupport >= 1 && !Number.isInteger(b.minSupport))) {
    throw new EngineError('invalid_argument', '--min-support must be a fraction in (0, 1) or a whole number of baskets');
  }
  b.minConfidence = numberFlag(args, 'min-confidence', b.minConfidence);
  b.minLift = numberFlag(args, 'min-lift', b.minLift);
  b.maxLen = numberFlag(args, 'max-len', b.maxLen);
  const minItems = flag(args, 'min-items');
  if (minItems !== undefined) b.minItems = choice(args, 'min-items', ['1', '2'] as const, '1') === '2' ? 2 : 1;
  if (flag(args, 'prune') === 'true') b.prune = true;
  const segment = flag(args, 'segment');
  if (segment !== undefined) b.restrict = { kind: 'segment', segment } satisfies BasketRestriction;
  return a;
}

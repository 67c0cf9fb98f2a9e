/**
 * A synthetic gift-shop catalogue: stock codes, descriptions in the UCI style ("RED RETROSPOT
 * CAKE STAND"), prices mostly between 0.4 and 15 with a few expensive pieces, and a Zipf-like
 * popularity. Word lists avoid every word the cleaning rules treat as a charge or as junk.
 */
import type { Rng } from '../ports.ts';
import { randomInt } from '../util/rng.ts';

export interface Catalogue {
  readonly size: number;
  readonly codes: readonly string[];
  /** CSV-ready descriptions (quoted when they hold a comma). */
  readonly descriptionsCsv: readonly string[];
  readonly descriptions: readonly string[];
  readonly prices: Float64Array;
  /** Prices formatted with two decimals. */
  readonly priceText: readonly string[];
  /** Cumulative popularity weights (last = 1), in catalogue order: index 0 is the most popular. */
  readonly cumulative: Float64Array;
}

const STYLES = [
  'VINTAGE',
  'RETRO',
  'REGENCY',
  'PANTRY',
  'FRENCH',
  'SCANDINAVIAN',
  'VICTORIAN',
  'BAROQUE',
  'ENGLISH ROSE',
  'WOODLAND',
  'JAPANESE',
  'MOROCCAN',
  'COUNTRY',
  'PARISIENNE',
  'ANTIQUE',
  'GARDEN',
  'CHRISTMAS',
  'EASTER',
  'PAISLEY',
  'DOLLY GIRL',
  'SPACEBOY',
  'CIRCUS',
  'SWEETHEART',
  'HEART OF WICKER',
  'DOORMAT STYLE',
  'FAIRY CAKE',
  'BIRD HOUSE',
  'LOVE',
  'HOME SWEET HOME',
  'KITCHEN',
];

const COLOURS = [
  'RED RETROSPOT',
  'PINK POLKADOT',
  'BLUE STRIPE',
  'WHITE',
  'IVORY',
  'GREEN',
  'RED',
  'PINK',
  'BLUE',
  'BLACK',
  'SILVER',
  'GOLD',
  'CREAM',
  'PASTEL',
  'LILAC',
  'MINT',
  'TURQUOISE',
  'ZINC',
  'GLASS',
  'WOODEN',
  'ENAMEL',
  'CERAMIC',
  'FELT',
  'PAPER',
  'TIN',
  'FLORAL',
  'STRAWBERRY',
  'SKULL',
  'JUNGLE',
  'APPLE',
];

/** Noun and a typical price. */
const NOUNS: readonly (readonly [string, number])[] = [
  ['CAKE STAND', 9.95],
  ['LUNCH BAG', 1.65],
  ['JUMBO BAG', 2.08],
  ['T-LIGHT HOLDER', 2.55],
  ['ALARM CLOCK', 3.75],
  ['TEACUP AND SAUCER', 2.95],
  ['CHILDRENS APRON', 1.95],
  ['PHOTO FRAME', 2.55],
  ['BUNTING', 4.95],
  ['STORAGE TIN', 1.25],
  ['NOTEBOOK', 1.65],
  ['DOORMAT', 7.95],
  ['HOT WATER BOTTLE', 4.25],
  ['WALL CLOCK', 8.5],
  ['GIFT WRAP', 0.42],
  ['GREETING CARD', 0.42],
  ['NAPKINS', 0.85],
  ['PAPER CUPS', 0.65],
  ['CANDLE', 1.25],
  ['LANTERN', 4.95],
  ['MUG', 1.25],
  ['BOWL', 1.25],
  ['PLATE', 1.65],
  ['TEA TOWEL', 1.25],
  ['OVEN GLOVE', 1.45],
  ['CUSHION COVER', 3.75],
  ['SHOPPER BAG', 1.65],
  ['PURSE', 2.1],
  ['KEY RING', 0.85],
  ['HAIR CLIP', 0.65],
  ['BRACELET', 1.65],
  ['NECKLACE', 2.95],
  ['WATER BOTTLE', 2.1],
  ['PICNIC BASKET', 6.95],
  ['HANGING DECORATION', 0.85],
  ['WALL ART', 5.95],
  ['SIGN', 2.95],
  ['COAT RACK', 6.75],
  ['CLOTHES PEGS', 1.25],
  ['SPONGE', 0.85],
  ['DRAWER KNOB', 1.25],
  ['PLAYING CARDS', 1.25],
  ['PARTY BUNTING', 4.95],
  ['BABY BIB', 1.25],
  ['JAM JAR', 0.85],
  ['MILK JUG', 2.55],
  ['TRINKET BOX', 1.65],
  ['SNACK BOXES', 2.95],
  ['GARDEN MARKERS', 0.85],
  ['WASHBAG', 2.55],
];

/** Big-ticket nouns for the few expensive products. */
const EXPENSIVE = ['CABINET', 'CHEST OF DRAWERS', 'DRESSER', 'MIRROR', 'CHANDELIER', 'STANDING LAMP', 'SOFA THROW', 'BIRDCAGE'];

const PRICE_POINTS = [
  0.19, 0.29, 0.39, 0.42, 0.55, 0.65, 0.72, 0.85, 1.06, 1.25, 1.45, 1.65, 1.85, 1.95, 2.1, 2.46, 2.55, 2.95, 3.25, 3.75, 4.25, 4.95, 5.45, 5.95, 6.75, 7.95,
  8.5, 9.95, 10.95, 12.75, 14.95,
];
const EXPENSIVE_POINTS = [16.95, 19.95, 24.95, 29.95, 39.95, 49.95, 65, 125, 165, 295];

function snapPrice(p: number): number {
  let best = PRICE_POINTS[0]!;
  for (const q of PRICE_POINTS) if (Math.abs(Math.log(q / p)) < Math.abs(Math.log(best / p))) best = q;
  return best;
}

/** Standard normal by Box-Muller from the seeded stream. */
export function gaussian(rng: Rng): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Builds `size` distinct products. Popularity follows weight 1/(rank + 8)^0.95, so the top
 * product appears in roughly one basket in ten and the tail is long.
 */
export function buildCatalogue(rng: Rng, size: number): Catalogue {
  const codes: string[] = [];
  const descriptions: string[] = [];
  const prices = new Float64Array(size);
  const seenCodes = new Set<string>();
  const seenDesc = new Set<string>();
  while (codes.length < size) {
    let code = String(10000 + randomInt(rng, 90000));
    if (rng.next() < 0.12) code += 'ABCDEFGLMNPSW'[randomInt(rng, 13)];
    if (seenCodes.has(code)) continue;
    let desc: string;
    let price: number;
    if (rng.next() < 0.015) {
      desc = `${STYLES[randomInt(rng, STYLES.length)]} ${COLOURS[randomInt(rng, COLOURS.length)]} ${EXPENSIVE[randomInt(rng, EXPENSIVE.length)]}`;
      price = EXPENSIVE_POINTS[randomInt(rng, EXPENSIVE_POINTS.length)]!;
    } else {
      const [noun, base] = NOUNS[randomInt(rng, NOUNS.length)]!;
      const colour = COLOURS[randomInt(rng, COLOURS.length)]!;
      const shape = rng.next();
      if (shape < 0.45) desc = `${colour} ${noun}`;
      else if (shape < 0.85) desc = `${STYLES[randomInt(rng, STYLES.length)]} ${colour} ${noun}`;
      else if (shape < 0.95) desc = `SET OF ${2 + randomInt(rng, 11)} ${colour} ${noun}`;
      else desc = `${noun}, ${STYLES[randomInt(rng, STYLES.length)]} DESIGN`;
      price = snapPrice(base * Math.exp(0.35 * gaussian(rng)) * (desc.startsWith('SET OF') ? 2 : 1));
    }
    if (seenDesc.has(desc)) continue;
    seenCodes.add(code);
    seenDesc.add(desc);
    codes.push(code);
    descriptions.push(desc);
    prices[codes.length - 1] = price;
  }
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let i = 0; i < size; i++) {
    total += 1 / (i + 8) ** 0.95;
    cumulative[i] = total;
  }
  for (let i = 0; i < size; i++) cumulative[i] = cumulative[i]! / total;
  cumulative[size - 1] = 1;
  return {
    size,
    codes,
    descriptions,
    descriptionsCsv: descriptions.map((d) => (d.includes(',') ? `"${d}"` : d)),
    prices,
    priceText: Array.from(prices, (p) => p.toFixed(2)),
    cumulative,
  };
}

/** Draws a product index by popularity (binary search over the cumulative weights). */
export function drawProduct(cat: Catalogue, u: number): number {
  const c = cat.cumulative;
  let lo = 0;
  let hi = cat.size - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (c[mid]! <= u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

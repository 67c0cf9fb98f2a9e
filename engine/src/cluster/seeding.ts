import type { JobControl, Rng } from '../ports.ts';
import { randomInt } from '../util/rng.ts';
import type { KdTree } from './kdtree.ts';
import { checkpoint } from './progress.ts';

/**
 * Greedy k-means++ seeding (Arthur & Vassilvitskii 2007; greedy variant as in scikit-learn):
 * the first centre is a uniformly random point; each further centre is the best of
 * 2 + ⌊ln k⌋ candidates drawn with probability ∝ D(x)² (squared distance to the nearest
 * centre so far), "best" meaning the candidate leaving the smallest total Σ D(x)².
 *
 * Runs on a kd-tree whose nodes cache Σ D² and max D²: sampling descends the tree by those
 * sums (O(depth + leaf)), and evaluating a candidate skips every node whose box is no closer
 * to it than its current max D², so only the region the candidate would win is touched.
 *
 * Returns k×d centres (copies of data points). Time O(n·d·k·(2 + ln k)) worst case, much
 * less in low d; memory O(n + nodes). Deterministic given `rng` (tree order is fixed).
 */
export function kmeansPlusPlus(tree: KdTree, k: number, rng: Rng, control?: JobControl): Float64Array {
  const { n, d } = tree;
  const seeder = new Seeder(tree);
  const centres = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));

  const first = randomInt(rng, n);
  seeder.setCandidate(first);
  seeder.reset(0);
  copyRow(tree.points, first, centres, 0, d);

  for (let c = 1; c < k; c++) {
    checkpoint(control, c / k, `seeding centre ${c + 1} of ${k}`);
    let bestRow = -1;
    let bestPotential = Infinity;
    for (let t = 0; t < trials; t++) {
      const row = seeder.sample(rng.next());
      seeder.setCandidate(row);
      const p = seeder.potential(0);
      if (p < bestPotential) {
        bestPotential = p;
        bestRow = row;
      }
    }
    seeder.setCandidate(bestRow);
    seeder.commit(0);
    copyRow(tree.points, bestRow, centres, c, d);
  }
  return centres;
}

class Seeder {
  /** D² of each tree row to its nearest chosen centre. */
  private readonly closest: Float64Array;
  private readonly nodeSum: Float64Array;
  private readonly nodeMax: Float64Array;
  /** Coordinates of the candidate centre being evaluated. */
  private readonly cand: Float64Array;

  constructor(private readonly tree: KdTree) {
    this.closest = new Float64Array(tree.n);
    this.nodeSum = new Float64Array(tree.nodeCount);
    this.nodeMax = new Float64Array(tree.nodeCount);
    this.cand = new Float64Array(tree.d);
  }

  setCandidate(row: number): void {
    const d = this.tree.d;
    for (let j = 0; j < d; j++) this.cand[j] = this.tree.points[row * d + j]!;
  }

  /** D² to the candidate for every row of the subtree (first centre). */
  reset(node: number): void {
    const { tree, closest, nodeSum, nodeMax } = this;
    const l = tree.left[node]!;
    if (l >= 0) {
      const r = tree.right[node]!;
      this.reset(l);
      this.reset(r);
      nodeSum[node] = nodeSum[l]! + nodeSum[r]!;
      nodeMax[node] = Math.max(nodeMax[l]!, nodeMax[r]!);
      return;
    }
    let sum = 0;
    let max = 0;
    for (let row = tree.start[node]!; row < tree.end[node]!; row++) {
      const s = this.distanceTo(row);
      closest[row] = s;
      sum += s;
      if (s > max) max = s;
    }
    nodeSum[node] = sum;
    nodeMax[node] = max;
  }

  /** Σ D² over the subtree if the candidate were added as a centre. Read-only. */
  potential(node: number): number {
    const { tree, closest, nodeSum, nodeMax } = this;
    if (this.boxDistance(node) >= nodeMax[node]!) return nodeSum[node]!;
    const l = tree.left[node]!;
    if (l >= 0) return this.potential(l) + this.potential(tree.right[node]!);
    let sum = 0;
    for (let row = tree.start[node]!; row < tree.end[node]!; row++) {
      const s = this.distanceTo(row);
      const c = closest[row]!;
      sum += Math.min(s, c);
    }
    return sum;
  }

  /** Adds the candidate as a centre: lowers D² where it is closer and refreshes node caches. */
  commit(node: number): void {
    const { tree, closest, nodeSum, nodeMax } = this;
    if (this.boxDistance(node) >= nodeMax[node]!) return;
    const l = tree.left[node]!;
    if (l >= 0) {
      const r = tree.right[node]!;
      this.commit(l);
      this.commit(r);
      nodeSum[node] = nodeSum[l]! + nodeSum[r]!;
      nodeMax[node] = Math.max(nodeMax[l]!, nodeMax[r]!);
      return;
    }
    let sum = 0;
    let max = 0;
    for (let row = tree.start[node]!; row < tree.end[node]!; row++) {
      const s = this.distanceTo(row);
      let c = closest[row]!;
      if (s < c) {
        c = s;
        closest[row] = s;
      }
      sum += c;
      if (c > max) max = c;
    }
    nodeSum[node] = sum;
    nodeMax[node] = max;
  }

  /**
   * The row reached by spending u·ΣD² along the tree: row r is picked with probability
   * D²(r)/ΣD². If rounding exhausts the mass, the last row with positive D² on the path wins.
   */
  sample(u: number): number {
    const { tree, closest, nodeSum } = this;
    let node = 0;
    let r = u * nodeSum[0]!;
    for (;;) {
      const l = tree.left[node]!;
      if (l < 0) break;
      const right = tree.right[node]!;
      if (r < nodeSum[l]! || nodeSum[right]! <= 0) {
        node = l;
      } else {
        r -= nodeSum[l]!;
        node = right;
      }
    }
    let pick = tree.end[node]! - 1;
    for (let row = tree.start[node]!; row < tree.end[node]!; row++) {
      const w = closest[row]!;
      if (w <= 0) continue;
      pick = row;
      if (r < w) break;
      r -= w;
    }
    return pick;
  }

  private distanceTo(row: number): number {
    const { tree, cand } = this;
    const d = tree.d;
    const pts = tree.points;
    if (d === 3) {
      // The RFM case, unrolled: seeding is dominated by these two helpers.
      const a = pts[row * 3]! - cand[0]!;
      const b = pts[row * 3 + 1]! - cand[1]!;
      const c = pts[row * 3 + 2]! - cand[2]!;
      return a * a + b * b + c * c;
    }
    const p = row * d;
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = pts[p + j]! - cand[j]!;
      s += t * t;
    }
    return s;
  }

  /** Squared distance from the candidate to the node's bounding box (0 inside). */
  private boxDistance(node: number): number {
    const { tree, cand } = this;
    const d = tree.d;
    const o = node * d;
    if (d === 3) {
      const a = gap(cand[0]!, tree.lo[o]!, tree.hi[o]!);
      const b = gap(cand[1]!, tree.lo[o + 1]!, tree.hi[o + 1]!);
      const c = gap(cand[2]!, tree.lo[o + 2]!, tree.hi[o + 2]!);
      return a * a + b * b + c * c;
    }
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = gap(cand[j]!, tree.lo[o + j]!, tree.hi[o + j]!);
      s += t * t;
    }
    return s;
  }
}

/** Distance from x to the interval [lo, hi] (0 inside). */
function gap(x: number, lo: number, hi: number): number {
  return x < lo ? lo - x : x > hi ? x - hi : 0;
}

function copyRow(src: Float64Array, row: number, dst: Float64Array, dstRow: number, d: number): void {
  for (let j = 0; j < d; j++) dst[dstRow * d + j] = src[row * d + j]!;
}

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recoverOutputSet, writeOutputs, type AtomicWriteFs } from '../../../engine/cli/write-file.ts';
import { OUTPUT_MARKER } from '../../../engine/src/index.ts';

/**
 * An export set (customers.csv, segments.csv and the rest) is written as a set: after a
 * failure or a crash at any step the folder holds all the old files or all the new ones, and
 * the next write clears what a crash left behind.
 */

const ROOT = new URL('../../../', import.meta.url).pathname;
const set = (tag: string) => [
  { name: 'customers.csv', text: `customer_id,segment\n${tag}-1,Champions\n` },
  { name: 'segments.csv', text: `segment,customers\nChampions,${tag.length}\n` },
  { name: 'clusters.csv', text: `cluster,size\n1,${tag}\n` },
];

/** The folder's files (hidden ones too) and their text. */
function contents(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((n) => [n, readFileSync(path.join(dir, n), 'utf8')]),
  );
}
const expectSet = (dir: string, tag: string, extra: Record<string, string> = {}) =>
  expect(Object.fromEntries(Object.entries(contents(dir)).filter(([n]) => n !== OUTPUT_MARKER))).toEqual({
    ...Object.fromEntries(set(tag).map((f) => [f.name, f.text])),
    ...extra,
  });
/** Temporary siblings of `dir` (a crashed write's leftovers). */
const siblings = (dir: string) => readdirSync(path.dirname(dir)).filter((n) => n.startsWith(`.${path.basename(dir)}.ss-`));

describe('export sets: all new or all old', () => {
  it('writes the set with the output marker, replaces it whole, and keeps the files it does not write', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'ss-set-')), 'out');
    writeOutputs(out, set('old'));
    expect(readdirSync(out)).toContain(OUTPUT_MARKER);
    writeFileSync(path.join(out, 'notes.txt'), 'mine\n'); // the user's file
    writeFileSync(path.join(out, 'rules.csv'), 'from baskets\n'); // another command's output
    writeOutputs(out, set('new'));
    expectSet(out, 'new', { 'notes.txt': 'mine\n', 'rules.csv': 'from baskets\n' });
    expect(siblings(out)).toEqual([]);
  });

  it('a failure at any rename leaves all the old files and nothing else', () => {
    for (let failAt = 1; failAt <= 6; failAt++) {
      const out = path.join(mkdtempSync(path.join(tmpdir(), 'ss-set-')), 'out');
      writeOutputs(out, set('old'));
      let renames = 0;
      const io: AtomicWriteFs = {
        ...fs,
        renameSync(from, to) {
          if (++renames === failAt) throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
          fs.renameSync(from, to);
        },
      };
      expect(() => writeOutputs(out, set('new'), io), `rename ${failAt}`).toThrow(/EIO/);
      expectSet(out, 'old');
      expect(siblings(out)).toEqual([]);
    }
  });

  it('after a crash (the process killed mid-write or mid-swap) the next write recovers: all old, then all new', () => {
    // Renames: one per file (3) and the marker, then the folder retired (5), then the new one in place (6).
    for (const killAt of [2, 6]) {
      const base = mkdtempSync(path.join(tmpdir(), 'ss-crash-'));
      const out = path.join(base, 'out');
      writeOutputs(out, set('old'));
      const script = path.join(base, 'crash.mts');
      writeFileSync(
        script,
        `import * as fs from 'node:fs';
import { writeOutputs } from ${JSON.stringify(path.join(ROOT, 'engine/cli/write-file.ts'))};
let renames = 0;
const io = { ...fs, renameSync(from: string, to: string) { if (++renames === ${killAt}) process.kill(process.pid, 'SIGKILL'); fs.renameSync(from, to); } };
writeOutputs(${JSON.stringify(out)}, ${JSON.stringify(set('new'))}, io);
`,
      );
      const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, encoding: 'utf8' });
      expect(r.signal, r.stderr).toBe('SIGKILL');
      expect(siblings(out).length, `killed at rename ${killAt}`).toBeGreaterThan(0);
      if (killAt === 2)
        expectSet(out, 'old'); // the old set untouched while the new one was written aside
      else expect(fs.existsSync(out)).toBe(false); // between the two renames: the old set is retired beside it
      // The next write (or a bare recovery) puts the old set back whole first.
      recoverOutputSet(out);
      expectSet(out, 'old');
      expect(siblings(out)).toEqual([]);
      writeOutputs(out, set('newer'));
      expectSet(out, 'newer');
      expect(siblings(out)).toEqual([]);
    }
  });

  it('recovery removes a crashed single-file write’s temporary file, not a live process’s; the new set carries none', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'ss-set-')), 'out');
    writeOutputs(out, set('old'));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(path.join(out, `.customers.csv.${dead}.tmp`), 'half');
    writeFileSync(path.join(out, `.segments.csv.${process.ppid}.tmp`), 'in progress'); // the test runner's parent: alive
    recoverOutputSet(out);
    expect(readdirSync(out).filter((n) => n.endsWith('.tmp'))).toEqual([`.segments.csv.${process.ppid}.tmp`]);
    writeOutputs(out, set('new'));
    expect(readdirSync(out).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expectSet(out, 'new');
  });
});

/**
 * `segment` and `run` score the customers while the cleaning report (`segment`: the part it shows,
 * keptSummary) is computed on a second connection (engine/cli/load.ts loadBeside with segment.ts
 * runSegment; runAnalysis' reportOn):
 * the same files and result as the report first on one connection, and errors on either side
 * surface with nothing written.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisFromFlags } from '../../engine/cli/analysis-flags.ts';
import { parseArgs } from '../../engine/cli/args.ts';
import { loadBeside } from '../../engine/cli/load.ts';
import { openNativeDuckDb, type NativeDuckDb } from '../../engine/cli/native-duckdb.ts';
import { runSegment } from '../../engine/cli/segment.ts';
import { EngineError, runAnalysis, type SqlPort } from '../../engine/src/index.ts';
import { NodeFileSource } from '../../engine/cli/node-duckdb.ts';

const SAMPLE = new URL('../../assets/sample/sample-transactions.csv', import.meta.url).pathname;
const dir = mkdtempSync(path.join(tmpdir(), 'ss-overlap-'));
let previousConfig: string | undefined;
beforeAll(() => {
  // No remembered mapping of the user's own is applied.
  previousConfig = process.env.SEGMENT_STUDIO_CONFIG_DIR;
  process.env.SEGMENT_STUDIO_CONFIG_DIR = mkdtempSync(path.join(tmpdir(), 'ss-overlap-config-'));
});
afterAll(() => {
  if (previousConfig === undefined) delete process.env.SEGMENT_STUDIO_CONFIG_DIR;
  else process.env.SEGMENT_STUDIO_CONFIG_DIR = previousConfig;
});

/** The port without connect(): the report is computed first, on the one connection. */
function serial(db: NativeDuckDb): SqlPort {
  return {
    exec: (s, o) => db.exec(s, o),
    query: (s, o) => db.query(s, o),
    registerFile: (a, s) => db.registerFile(a, s),
    registerBuffer: (a, b) => db.registerBuffer(a, b),
    dropFile: (a) => db.dropFile(a),
    spillsToDisk: true,
  };
}

/** The port whose second connection fails the report's first statement (the full report's lines per file, `segment`'s counts). */
function failingReport(db: NativeDuckDb): NativeDuckDb {
  return Object.assign(Object.create(db) as NativeDuckDb, {
    async connect() {
      const other = await db.connect();
      return {
        ...other,
        query: (sql: string, options?: { parallel?: boolean }): Promise<Table> =>
          /source_file AS f|count\(\*\) FROM kept\) AS kept/.test(sql)
            ? Promise.reject(new Error('Out of Memory Error: could not allocate block'))
            : other.query(sql, options),
      };
    },
  });
}

async function segment(port: SqlPort | NativeDuckDb, argv: string[]) {
  const args = parseArgs(['segment', ...argv]);
  const analysis = analysisFromFlags(args);
  return runSegment(port, await loadBeside(args, port, analysis), analysis, args);
}

const files = (out: string) =>
  Object.fromEntries(
    readdirSync(out)
      .sort()
      .map((f) => [f, readFileSync(path.join(out, f), 'utf8')]),
  );

describe('segment: the cleaning report beside the scoring', () => {
  it('writes the same files and result as with the report first', async () => {
    const a = await openNativeDuckDb();
    const b = await openNativeDuckDb();
    try {
      const beside = await segment(a, [SAMPLE, '--out', path.join(dir, 'beside'), '--k', '3']);
      const first = await segment(serial(b), [SAMPLE, '--out', path.join(dir, 'first'), '--k', '3']);
      expect({ ...beside, files: null }).toEqual({ ...first, files: null });
      expect(files(path.join(dir, 'beside'))).toEqual(files(path.join(dir, 'first')));
      // The report is there: lines read as counted in the file itself (header and trailing newline aside).
      const lines = readFileSync(SAMPLE, 'utf8').trim().split('\n').length - 1;
      expect(beside.rows_read).toBe(lines);
      expect(beside.rows_kept as number).toBeGreaterThan(0);
      expect(beside.rows_kept as number).toBeLessThan(lines);
      expect(Object.keys(files(path.join(dir, 'beside')))).toEqual(expect.arrayContaining(['customers.csv', 'segments.csv', 'clusters.csv']));
    } finally {
      a.close();
      b.close();
    }
  });

  it("the report's error surfaces and nothing is written", async () => {
    const db = await openNativeDuckDb();
    try {
      const out = path.join(dir, 'report-fails');
      await expect(segment(failingReport(db), [SAMPLE, '--out', out])).rejects.toThrow('could not allocate block');
      expect(existsSync(out)).toBe(false);
    } finally {
      db.close();
    }
  });

  it("the scoring's error surfaces once the report is done; with both failing, the report's", async () => {
    const db = await openNativeDuckDb();
    try {
      const out = path.join(dir, 'no-customer');
      const err = await segment(db, [SAMPLE, '--out', out, '--map', 'customer=']).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EngineError);
      expect((err as EngineError).message).toMatch(/^RFM needs customer/);
      expect(existsSync(out)).toBe(false);
      await expect(segment(failingReport(db), [SAMPLE, '--out', out, '--map', 'customer='])).rejects.toThrow('could not allocate block');
      expect(existsSync(out)).toBe(false);
    } finally {
      db.close();
    }
  });
});

describe('run: the cleaning report on the second connection (reportOn)', () => {
  const analysis = () => {
    const a = analysisFromFlags(parseArgs(['run', SAMPLE, '--k', '3']));
    a.baskets.enabled = true;
    return a;
  };

  it('gives the same dataset, report and files as the report first', async () => {
    const a = await openNativeDuckDb();
    const b = await openNativeDuckDb();
    const other = await a.connect();
    try {
      const beside = await runAnalysis(a, [new NodeFileSource(SAMPLE)], analysis(), { today: '2026-01-01', reportOn: other });
      const first = await runAnalysis(b, [new NodeFileSource(SAMPLE)], analysis(), { today: '2026-01-01' });
      expect(beside.files.map((f) => f.name)).toEqual(expect.arrayContaining(['customers.csv', 'clusters.csv', 'rules.csv']));
      expect(beside.files).toEqual(first.files);
      expect(beside.dataset).toEqual(first.dataset);
      expect(beside.dataset.report.rows_read).toBe(readFileSync(SAMPLE, 'utf8').trim().split('\n').length - 1);
    } finally {
      other.close();
      a.close();
      b.close();
    }
  });

  it("the report's error is the one thrown, after the scoring settled", async () => {
    const db = await openNativeDuckDb();
    const failing = await failingReport(db).connect();
    try {
      await expect(runAnalysis(db, [new NodeFileSource(SAMPLE)], analysis(), { today: '2026-01-01', reportOn: failing })).rejects.toThrow(
        'could not allocate block',
      );
    } finally {
      failing.close();
      db.close();
    }
  });
});

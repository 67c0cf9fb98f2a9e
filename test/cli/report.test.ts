import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultAnalysis, serialiseAnalysis } from '../../engine/src/index.ts';

const BIN = new URL('../../bin/segment-studio.mjs', import.meta.url).pathname;
const SAMPLE = new URL('../../assets/sample/sample-transactions.csv', import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

describe('segment-studio report', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ss-report-'));

  it('writes one self-contained HTML file with every section and the source hash; the same inputs give the same bytes', () => {
    const a = { ...defaultAnalysis(), name: 'Sample <monthly>' };
    const analysisFile = path.join(dir, 'a.analysis.json');
    writeFileSync(analysisFile, serialiseAnalysis(a));
    const out = path.join(dir, 'report.html');
    const r = run('report', SAMPLE, '--out', out, '--analysis', analysisFile, '--as-of', '2025-08-01', '--compare', '2025-06-01', '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ out, notes: [] });
    const html = readFileSync(out, 'utf8');
    for (const id of ['overview', 'segments', 'backtest', 'migration', 'clusters', 'rules', 'provenance']) expect(html).toContain(`<section id="${id}">`);
    const sha = createHash('sha256').update(readFileSync(SAMPLE)).digest('hex');
    expect(html).toContain(`data-figure="sha256-sample-transactions.csv" data-value="${sha}"`);
    expect(html).toContain('<h1>Sample &#60;monthly&#62;</h1>');
    expect(html).toContain('Segments fixed with the data before 2025-08-01');
    expect(html).toContain('Segment migration from 2025-06-01 to');
    // No temporary file is left beside the report (written atomically).
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const again = path.join(dir, 'again.html');
    expect(run('report', SAMPLE, '--out', again, '--analysis', analysisFile, '--as-of', '2025-08-01', '--compare', '2025-06-01').status).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(html);
  });

  it('refuses a missing --out and a bad date with one line, writing nothing', () => {
    expect(run('report', SAMPLE).stderr).toMatch(/report needs --out/);
    const out = path.join(dir, 'bad.html');
    const r = run('report', SAMPLE, '--out', out, '--as-of', 'May');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/as-of date.*YYYY-MM-DD|YYYY-MM-DD/);
    expect(existsSync(out)).toBe(false);
  });
});

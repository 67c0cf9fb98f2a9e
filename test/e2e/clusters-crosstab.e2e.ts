/**
 * The Clusters screen's clusters × segments table on the bundled sample, against figures the app
 * computes elsewhere: every row adds up to its cluster's size in the profiles table, every column
 * to its segment's customers on the Segments screen (a SQL summary), before and after a k change;
 * each cell's colour is its share of the cluster (the indigo's alpha 0.04 + 0.91 × share).
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildWeb } from '../../build/scripts/build-web.mjs';
import { CHROMIUM } from '../helpers/chromium.ts';
import { openAppPage, type AppPage } from '../helpers/e2e-page.ts';

const hasChromium = existsSync(CHROMIUM);
const numberIn = (s: string) => Number(s.replace(/[^0-9]/g, ''));

interface Table {
  segments: string[];
  /** Per cluster row: the cells' counts (blank = 0), their titles and background alphas. */
  rows: { counts: number[]; titles: string[]; alphas: number[] }[];
}

function readTable(page: Page): Promise<Table> {
  return page.evaluate(() => {
    const table = document.querySelector('[data-testid="crosstab-table"]')!;
    const alpha = (td: Element) => {
      const m = /rgba?\(([^)]+)\)/.exec(getComputedStyle(td).backgroundColor)!;
      const parts = m[1]!.split(/[ ,/]+/).filter(Boolean);
      return parts.length === 4 ? Number(parts[3]) : 1;
    };
    return {
      segments: [...table.querySelectorAll('thead th.seg')].map((th) => th.textContent!.trim()),
      rows: [...table.querySelectorAll('tbody tr')].map((tr) => {
        const cells = [...tr.querySelectorAll('td.cell')];
        return {
          counts: cells.map((td) => Number(td.textContent!.replace(/,/g, '') || 0)),
          titles: cells.map((td) => td.getAttribute('title')!),
          alphas: cells.map(alpha),
        };
      }),
    };
  });
}

async function profileSizes(page: Page): Promise<number[]> {
  const rows = page.locator('[data-testid="profiles"] tbody tr');
  const out: number[] = [];
  for (let i = 0; i < (await rows.count()); i++) out.push(numberIn(await rows.nth(i).locator('td').nth(1).innerText()));
  return out;
}

describe.skipIf(!hasChromium)('clusters × segments table', () => {
  let app: AppPage;
  let page: Page;

  beforeAll(async () => {
    app = await openAppPage(await buildWeb({ quiet: true }), { context: { viewport: { width: 1440, height: 960 } }, goto: '?sample' });
    ({ page } = app);
    await page.getByTestId('overview').waitFor({ timeout: 60_000 });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('rows add up to the clusters, columns to the segments, colours follow the shares', async () => {
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('seg-row-0').waitFor({ timeout: 60_000 });
    const segmentCustomers = new Map<string, number>();
    for (const row of await page.locator('[data-testid^="seg-row-"]').all()) {
      const [name, customers] = await row.locator('td').evaluateAll((tds) => tds.slice(0, 2).map((td) => td.textContent!.trim()));
      segmentCustomers.set(name!, numberIn(customers!));
    }
    expect(segmentCustomers.size).toBeGreaterThan(2);
    await page.getByTestId('nav-clusters').click();
    for (const k of ['4', '6']) {
      await page.getByTestId('k-slider').fill(k);
      await page.waitForFunction(
        (n) =>
          document.querySelectorAll('[data-testid="crosstab-table"] tbody tr').length === n &&
          document.querySelectorAll('[data-testid="profiles"] tbody tr').length === n,
        Number(k),
        { timeout: 60_000 },
      );
      const table = await readTable(page);
      const sizes = await profileSizes(page);
      expect(table.rows.map((r) => r.counts.reduce((a, b) => a + b, 0))).toEqual(sizes);
      const columnSums = table.segments.map((_, j) => table.rows.reduce((sum, r) => sum + r.counts[j]!, 0));
      expect(Object.fromEntries(table.segments.map((s, j) => [s, columnSums[j]]))).toEqual(
        Object.fromEntries(table.segments.map((s) => [s, segmentCustomers.get(s)])),
      );
      expect(columnSums.reduce((a, b) => a + b, 0)).toBe([...segmentCustomers.values()].reduce((a, b) => a + b, 0));
      table.rows.forEach((r, c) => {
        r.counts.forEach((count, j) => {
          const share = count / sizes[c]!;
          expect(r.titles[j]).toContain(`(${(share * 100).toFixed(1)}% of the cluster)`);
          expect(r.alphas[j]).toBeCloseTo(0.04 + 0.91 * share, 2);
        });
      });
    }
  });
});

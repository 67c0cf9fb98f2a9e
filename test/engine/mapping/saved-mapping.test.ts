import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultAnalysis, figureWarnings, loadData, ROLES, runAnalysis, type ColumnMapping, type Role } from '../../../engine/src/index.ts';
import { fitSavedMapping } from '../../../engine/src/mapping/saved-mapping.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

// Last month's export had "Email"; this month's calls it "E-mail Address".
const RENAMED = [
  'InvoiceNo,InvoiceDate,UnitPrice,Quantity,StockCode,CustomerID,E-mail Address',
  '1,2025-11-01,2.50,2,P1,C1,ann@example.org',
  '2,2025-11-02,4.00,1,P2,C2,bob@example.org',
  '3,2025-11-03,1.50,3,P1,C1,ann@example.org',
].join('\n');

function analysisMapping(mapping: ColumnMapping) {
  const a = defaultAnalysis();
  a.mapping = mapping;
  a.clustering.enabled = false;
  return a;
}

describe('a saved mapping on new files', () => {
  // One database for the file: each load replaces the last one's tables.
  const db = openDb();
  it('a role whose saved column the files lack is detected afresh and said, naming the role, the column and what was read', async () => {
    const sql = await db;
    const ds = await loadData(sql, [textSource('nov.csv', RENAMED)], analysisMapping({ email: 'Email', customer: 'CustomerID' }), { today: null });
    expect(ds.remapped).toEqual([{ role: 'email', saved: 'Email', detected: 'E-mail Address' }]);
    expect(ds.canonical.mapping.mapping.customer).toBe('CustomerID');
    const warning = figureWarnings(ds).find((w) => w.includes('"Email"'));
    expect(warning).toBe('the analysis maps email to "Email", which these files do not have: email was detected afresh, and is read from "E-mail Address"');
  });

  it('says when detection found nothing for the role', async () => {
    const sql = await db;
    const ds = await loadData(sql, [textSource('nov.csv', RENAMED)], analysisMapping({ category: 'Department' }), { today: null });
    expect(ds.remapped).toEqual([{ role: 'category', saved: 'Department', detected: null }]);
    expect(figureWarnings(ds)).toContain(
      'the analysis maps category to "Department", which these files do not have: category was detected afresh, and no column was found for it',
    );
  });

  it('a column the user set for these files (--map) still stops the load, as before', async () => {
    const sql = await db;
    const a = analysisMapping({ email: 'Email' });
    await expect(loadData(sql, [textSource('nov.csv', RENAMED)], a, { today: null, given: { email: 'Email' } })).rejects.toThrow(
      /--map email=Email: no such column/,
    );
  });

  it('a needed role left unmapped stops the run naming the saved column and the files’ columns, never --map', async () => {
    const sql = await db;
    const csv = 'Ref,Day,Amount,Zz\nA1,2025-01-02,10.5,c1\nA2,2025-01-03,20,c2\n';
    const run = runAnalysis(sql, [textSource('m.csv', csv)], analysisMapping({ customer: 'Client' }), { today: null });
    // The whole message: it names no --map, which the user never passed.
    await expect(run).rejects.toThrow(
      'RFM needs customer; the analysis maps customer to "Client", which these files do not have, and no other column was found: map it to one of their columns (Ref, Day, Amount, Zz)',
    );
  });

  it('fitSavedMapping splits the saved roles the given ones leave into those that fit and those missing (property)', () => {
    const column = fc.constantFrom('', 'A', 'B', 'C', 'D');
    const mapping = fc.dictionary(fc.constantFrom(...ROLES), column) as fc.Arbitrary<ColumnMapping>;
    fc.assert(
      fc.property(mapping, mapping, fc.subarray(['A', 'B', 'C']), (saved, given, columns) => {
        const { fitting, missing } = fitSavedMapping(saved, columns, given);
        const left = (Object.keys(saved) as Role[]).filter((r) => given[r] === undefined);
        expect([...Object.keys(fitting), ...missing.map((m) => m.role)].sort()).toEqual([...left].sort());
        for (const [role, c] of Object.entries(fitting)) expect(c === '' || columns.includes(c)).toBe(saved[role as Role] === c);
        for (const m of missing) expect(m.saved !== '' && !columns.includes(m.saved) && saved[m.role] === m.saved).toBe(true);
      }),
    );
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import {
  EMAIL_LAYOUT_COLUMNS,
  campaignExport,
  customerProfiles,
  defaultAnalysis,
  emailLayoutCsv,
  openDataset,
  profilesById,
  splitRecord,
  type CustomerProfile,
  type ScoredCustomers,
} from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

/** Four customers: names as first/last or full name, one without email, one formula-like name. */
const CSV = [
  'Order,Customer,Date,SKU,Qty,Price,Email,First Name,Last Name,Full Name,Phone',
  '1,C1,2024-01-02,MUG1,1,5.00,ann@example.com,Ann,Lee,,+44 20 7946 0958',
  '2,C2,2024-01-03,CUP1,2,3.00,bob@example.com,,,Bob van Marsh,(030) 555-0199',
  '3,C3,2024-01-04,MUG1,1,5.00,,Cy,Odoi,,',
  '4,C4,2024-01-05,CUP1,1,3.00,dee@example.com,=HYPERLINK(1),,,+1-2',
].join('\n');

const parse = (csv: string) =>
  csv
    .trimEnd()
    .split('\n')
    .map((row) => splitRecord(row, ','));

describe('email-marketing layout', () => {
  let profiles: Map<string, CustomerProfile>;
  const ids = ['C1', 'C2', 'C3', 'C4'];
  const segmentOf = new Map([
    ['C1', 'Champions'],
    ['C2', 'At Risk'],
    ['C3', 'Champions'],
    ['C4', 'Champions'],
  ]);

  beforeAll(async () => {
    const sql = await openDb();
    await openDataset(sql, [textSource('crm.csv', CSV)]);
    profiles = profilesById(await customerProfiles(sql));
  }, 60_000);

  it('writes Email, names, Phone, Tags and custom properties for customers with an email', () => {
    const spend = new Map([
      ['C1', 5],
      ['C2', 6],
      ['C3', 5],
      ['C4', 3],
    ]);
    const rows = parse(
      emailLayoutCsv({
        customerIds: ids,
        profiles,
        segmentOf,
        properties: [
          { name: 'spend', value: (id) => spend.get(id)! },
          { name: 'position', value: (_id, i) => i },
        ],
      }),
    );
    expect(rows[0]).toEqual([...EMAIL_LAYOUT_COLUMNS, 'spend', 'position']);
    expect(rows.slice(1)).toEqual([
      ['ann@example.com', 'Ann', 'Lee', '+44 20 7946 0958', 'Champions', '5', '0'],
      // A full name is split at its first space.
      ['bob@example.com', 'Bob', 'van Marsh', '(030) 555-0199', 'At Risk', '6', '1'],
      // A formula-like name is neutralised; a phone number keeps its "+".
      ['dee@example.com', "'=HYPERLINK(1)", '', '+1-2', 'Champions', '3', '3'],
    ]);
  });

  it('filters by segment and can keep customers without an email', () => {
    const rows = parse(emailLayoutCsv({ customerIds: ids, profiles, segmentOf, segments: ['Champions'], includeWithoutEmail: true })).slice(1);
    expect(rows.map((r) => r[0])).toEqual(['ann@example.com', '', 'dee@example.com']);
    expect(rows[1]).toEqual(['', 'Cy', 'Odoi', '', 'Champions']);
    // Customers unknown to the profiles get empty contact cells rather than an error.
    const unknown = parse(emailLayoutCsv({ customerIds: ['C9'], profiles, includeWithoutEmail: true })).slice(1);
    expect(unknown).toEqual([['', '', '', '', '']]);
  });
});

describe('contact cells in every campaign format', () => {
  /** Three customers, one segment; RFM values are arbitrary but valid. */
  const ids = ['C1', 'C2', 'C3'];
  const f = (v: number) => Float64Array.from(ids, () => v);
  const scored: ScoredCustomers = {
    rfm: {
      customerIds: ids,
      recencyDays: f(3),
      frequency: f(1),
      monetary: f(10),
      firstPurchase: Int32Array.from(ids, () => 19000),
      lastPurchase: Int32Array.from(ids, () => 19000),
      tenureDays: f(1),
      avgOrderValue: f(10),
      snapshot: '2022-01-31',
    },
    scores: { r: new Uint8Array(3).fill(3), f: new Uint8Array(3).fill(2), m: new Uint8Array(3).fill(1), bins: 5 },
    segments: { codes: new Int32Array(3), names: ['At Risk'], counts: [3], warnings: [] },
    summary: [{ segment: 'At Risk', customers: 3 }] as unknown as ScoredCustomers['summary'],
  };
  const profile = (customerId: string, email: string, phone: string): CustomerProfile => ({
    customerId,
    email,
    name: 'Ann Lee',
    firstName: null,
    lastName: null,
    phone,
    country: null,
    city: null,
    postcode: null,
    firstOrder: '2022-01-01',
    lastOrder: '2022-01-01',
    orders: 1,
    topProduct: null,
    topProductName: null,
    topCategory: null,
  });
  const profiles = new Map([
    ['C1', profile('C1', '-dash@example.com', '+44 7700 928817')],
    ['C2', profile('C2', "-cmd|'/Ccalc'!A0@example.com", "+1+cmd|' /C calc'!A0")],
    ['C3', profile('C3', '+news@shop.example', '=HYPERLINK("http://evil.invalid")')],
  ]);
  const list = (format: 'csv' | 'email') => {
    const out = campaignExport({ ...defaultAnalysis().export, format, columns: ['customer_id', 'email', 'phone'] }, scored, null, { profiles })!;
    return parse(out.files[0]!.text.replace(/^\uFEFF/, ''));
  };

  it('csv and email write the same email and phone cells: bare when only an address or a number, else neutralised', () => {
    const csv = list('csv');
    expect(csv[0]).toEqual(['customer_id', 'email', 'phone', 'segment']);
    const email = list('email');
    expect(email[0]).toEqual([...EMAIL_LAYOUT_COLUMNS, 'customer_id']);
    const expected = [
      ['-dash@example.com', '+44 7700 928817'],
      ["'-cmd|'/Ccalc'!A0@example.com", "'+1+cmd|' /C calc'!A0"],
      ['+news@shop.example', '\'=HYPERLINK("http://evil.invalid")'],
    ];
    expect(csv.slice(1).map((r) => [r[1], r[2]])).toEqual(expected);
    expect(email.slice(1).map((r) => [r[0], r[3]])).toEqual(expected);
  });
});

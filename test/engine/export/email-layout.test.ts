import { beforeAll, describe, expect, it } from 'vitest';
import {
  EMAIL_LAYOUT_COLUMNS,
  customerProfiles,
  emailLayoutCsv,
  openDataset,
  profilesById,
  splitRecord,
  type CustomerProfile,
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

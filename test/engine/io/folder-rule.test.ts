import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandInputs } from '../../../engine/cli/inputs.ts';
import { LIST_DEPTH, listFolderFiles } from '../../../electron/main/files.ts';
import { FOLDER_DEPTH, OUTPUT_MARKER, descendInto, isFolderDataFile, selectFolderFiles } from '../../../engine/src/index.ts';
import { filesToSources } from '../../../renderer/platform/browser.ts';

/**
 * One folder rule for the CLI, the browser and the desktop app: the same tree gives the same
 * files, in the same order, through each host's own listing.
 */

/** A folder with one file of every case the rule decides; `reads` are the files it must read, in order. */
function tree() {
  const root = mkdtempSync(path.join(tmpdir(), 'ss-folder-'));
  const outside = mkdtempSync(path.join(tmpdir(), 'ss-folder-outside-'));
  const put = (rel: string, text = 'a,b\n1,2\n') => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  put('2024-01-02.csv');
  put('2024-01-01.csv'); // listed out of order: read in path order
  put('sales.TSV');
  put('sales.txt.gz');
  put('book.xlsx');
  put('macro.xlsm');
  put('legacy.xls');
  put('calc.ods');
  put('notes.md'); // not a data file
  put('backup.zip'); // an archive: read when chosen by itself, never from a folder (often a copy of its files)
  put('data.parquet'); // read where the host reads Parquet (the CLI and the app)
  put('.hidden.csv'); // hidden file
  put('.cache/x.csv'); // inside a hidden folder
  put('2024-02/03.csv'); // one level down: read
  put('2024-02/deeper/04.csv'); // two levels down: not read
  put('out/customers.csv'); // an output folder of this tool
  put(`out/${OUTPUT_MARKER}`, 'marker\n');
  writeFileSync(path.join(outside, 'linked.csv'), 'a,b\n1,2\n');
  mkdirSync(path.join(outside, 'month'));
  writeFileSync(path.join(outside, 'month', '05.csv'), 'a,b\n1,2\n');
  symlinkSync(path.join(outside, 'linked.csv'), path.join(root, 'link.csv')); // a link to a file: followed
  symlinkSync(path.join(outside, 'month'), path.join(root, 'linkdir')); // a link to a folder: followed, one level
  symlinkSync(path.join(outside, 'gone.csv'), path.join(root, 'dangling.csv')); // a dangling link: skipped
  const reads = [
    '2024-01-01.csv',
    '2024-01-02.csv',
    '2024-02/03.csv',
    'book.xlsx',
    'calc.ods',
    'legacy.xls',
    'link.csv',
    'linkdir/05.csv',
    'macro.xlsm',
    'sales.TSV',
    'sales.txt.gz',
  ];
  return { root, reads };
}

describe('the folder rule (engine/src/io/folder-rule.ts)', () => {
  it('decides depth, hidden names, extensions and output folders', () => {
    expect(FOLDER_DEPTH).toBe(1);
    expect(isFolderDataFile('a.csv')).toBe(true);
    expect(isFolderDataFile('m/a.CSV.GZ')).toBe(true);
    expect(isFolderDataFile('m/n/a.csv')).toBe(false);
    expect(isFolderDataFile('.a.csv')).toBe(false);
    expect(isFolderDataFile('.m/a.csv')).toBe(false);
    expect(isFolderDataFile('a.parquet')).toBe(false);
    expect(isFolderDataFile('a.parquet', { parquet: true })).toBe(true);
    expect([descendInto('m'), descendInto('.m'), descendInto('m/n')]).toEqual([true, false, false]);
    expect(selectFolderFiles(['b.csv', `o/${OUTPUT_MARKER}`, 'o/customers.csv', 'a.csv'])).toEqual(['a.csv', 'b.csv']);
  });

  it('the CLI, the browser and the desktop app read the same files of one folder, in the same order', async () => {
    const { root, reads } = tree();
    // CLI: its own listing (readdir + stat), Parquet included.
    expect(expandInputs([root]).map((s) => s.name)).toEqual([...reads, 'data.parquet'].sort());
    // Desktop app: the main process lists, the renderer selects.
    expect(LIST_DEPTH).toBe(FOLDER_DEPTH);
    const listed = (await listFolderFiles(root)).map((p) => path.relative(root, p).split(path.sep).join('/'));
    expect(selectFolderFiles(listed, { parquet: true })).toEqual([...reads, 'data.parquet'].sort());
    // Browser: webkitdirectory lists every file at every depth as "<folder>/<path>".
    const all = [...listed, '2024-02/deeper/04.csv', '.cache/x.csv', 'notes.md'];
    const files = all.map((rel) => Object.defineProperty(new File(['x'], path.basename(rel)), 'webkitRelativePath', { value: `picked/${rel}` }));
    expect(filesToSources(files.reverse()).map((s) => s.name)).toEqual([...reads, 'data.parquet'].sort());
  });
});

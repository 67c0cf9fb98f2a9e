import { describe, expect, it } from 'vitest';
import { detectEncoding, sniffContainer, sniffCsv, EngineError } from '../../../engine/src/index.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('sniffContainer', () => {
  it('refuses an empty file, a PNG and a PDF by name', () => {
    expect(() => sniffContainer('e.csv', new Uint8Array())).toThrow(/empty/);
    expect(() => sniffContainer('img.csv', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 13, 10]))).toThrow(/PNG/);
    expect(() => sniffContainer('doc.csv', enc('%PDF-1.7'))).toThrow(/PDF/);
  });
  it('recognises gzip and xlsx containers', () => {
    expect(sniffContainer('a.csv.gz', Uint8Array.from([0x1f, 0x8b, 8]))).toBe('gzip');
    expect(sniffContainer('a.xlsx', Uint8Array.from([0x50, 0x4b, 3, 4]))).toBe('xlsx');
    expect(sniffContainer('a.csv', enc('a,b\n'))).toBe('csv');
  });
  it('reads legacy workbooks by their bytes, and markup named .xls as a workbook, text named .xls as text', () => {
    expect(sniffContainer('old.xls', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]))).toBe('xlsx');
    expect(sniffContainer('export', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]))).toBe('xlsx');
    expect(sniffContainer('export.xls', enc('\uFEFF\r\n <html xmlns:x="urn:schemas-microsoft-com:office:excel"><table>'))).toBe('xlsx');
    expect(sniffContainer('report.XLS', enc('<?xml version="1.0"?><Workbook>'))).toBe('xlsx');
    expect(sniffContainer('export.xls', enc('Invoice\tDate\n1\t2024-01-01\n'))).toBe('csv');
    expect(sniffContainer('page.csv', enc('<html><table>'))).toBe('csv');
  });
});

describe('detectEncoding', () => {
  it('reads BOMs', () => {
    expect(detectEncoding('f', Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ encoding: 'utf-8', bom: true });
    expect(detectEncoding('f', Uint8Array.from([0xff, 0xfe, 0x61, 0]))).toEqual({ encoding: 'utf-16', bom: true });
  });
  it('tells UTF-8 from Latin-1 by validity', () => {
    expect(detectEncoding('f', enc('Müller;Köln')).encoding).toBe('utf-8');
    expect(detectEncoding('f', Uint8Array.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72])).encoding).toBe('latin-1');
  });
  it('detects UTF-16LE without a BOM and refuses binary data', () => {
    const u16 = Uint8Array.from([...'a,b\n1,2\n'].flatMap((c) => [c.charCodeAt(0), 0]));
    expect(detectEncoding('f', u16).encoding).toBe('utf-16');
    const bin = new Uint8Array(100).map((_, i) => (i % 7 === 0 ? 0 : 65 + (i % 20)));
    bin[1] = 65;
    expect(() => detectEncoding('bin.csv', bin)).toThrow(EngineError);
  });
});

describe('sniffCsv', () => {
  it.each([
    [',', 'a,b,c\n1,2,3\n4,5,6\n'],
    [';', 'a;b;c\n1,5;2;3\n4;5;6\n'],
    ['\t', 'a\tb\tc\n1\t2\t3\n'],
    ['|', 'a|b|c\n1|2|3\n'],
  ])('finds delimiter %j', (d, text) => {
    expect(sniffCsv('f.csv', enc(text), false, 'none').delimiter).toBe(d);
  });
  it('ignores delimiters inside quotes', () => {
    const f = sniffCsv('f.csv', enc('name;price\n"Smith, John";1,50\n"Doe, Jane";2,00\n'), false, 'none');
    expect(f.delimiter).toBe(';');
  });
  it('detects a missing header row', () => {
    expect(sniffCsv('f.csv', enc('536365,85123A,6,2010-12-01\n536366,71053,2,2010-12-02\n'), false, 'none').header).toBe(false);
    expect(sniffCsv('f.csv', enc('InvoiceNo,StockCode\n536365,85123A\n'), false, 'none').header).toBe(true);
  });
});

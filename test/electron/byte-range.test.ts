import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseByteRange, pickedToken, servePickedRange } from '../../electron/main/byte-range.ts';
import { readSlice } from '../../electron/main/files.ts';
import { PathGrants } from '../../electron/main/grants.ts';
import { MAX_SLICE_BYTES } from '../../electron/main/validate.ts';

describe('byte ranges of picked files', () => {
  it('parses the range forms DuckDB and browsers send', () => {
    expect(parseByteRange('bytes=0-0', 10)).toEqual({ start: 0, end: 1 });
    expect(parseByteRange('bytes=0-', 10)).toEqual({ start: 0, end: 10 });
    expect(parseByteRange('bytes=4-99', 10)).toEqual({ start: 4, end: 10 });
    expect(parseByteRange('bytes=-3', 10)).toEqual({ start: 7, end: 10 });
    expect(parseByteRange(undefined, 10)).toBeNull();
    for (const bad of ['bytes=10-12', 'bytes=5-2', 'bytes=-', 'items=0-1', 'bytes=0-1,4-5']) expect(parseByteRange(bad, 10)).toBe('unsatisfiable');
  });

  it('only /picked/<32 hex> paths name a picked file', () => {
    expect(pickedToken(`/picked/${'a1'.repeat(16)}`)).toBe('a1'.repeat(16));
    for (const p of ['/picked/../../etc/passwd', '/picked/', '/index.html', `/picked/${'A'.repeat(32)}`]) expect(pickedToken(p)).toBeNull();
  });

  const setup = () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ss-range-')), 'x.csv');
    writeFileSync(file, 'abcdefghij');
    const grants = new PathGrants();
    return { grants, token: grants.grant(file, 10) };
  };

  it('serves granted ranges with the headers DuckDB reads (206, Content-Range, Content-Length)', async () => {
    const { grants, token } = setup();
    const r = await servePickedRange(grants, token, 'GET', 'bytes=2-4', readSlice);
    expect(r.status).toBe(206);
    expect(new TextDecoder().decode(r.body!)).toBe('cde');
    expect(r.headers).toMatchObject({ 'Content-Range': 'bytes 2-4/10', 'Content-Length': '3', 'Accept-Ranges': 'bytes' });
    // DuckDB's size probe: HEAD with an open range must answer 206 and the whole length, no body.
    const head = await servePickedRange(grants, token, 'HEAD', 'bytes=0-', readSlice);
    expect(head).toMatchObject({ status: 206, body: null, headers: { 'Content-Length': '10' } });
  });

  it('refuses tokens never granted, ranges outside the file, other methods and reads over the slice cap', async () => {
    const { grants, token } = setup();
    expect((await servePickedRange(grants, 'f'.repeat(32), 'GET', 'bytes=0-1', readSlice)).status).toBe(404);
    expect((await servePickedRange(grants, token, 'GET', 'bytes=10-20', readSlice)).status).toBe(416);
    expect((await servePickedRange(grants, token, 'POST', null, readSlice)).status).toBe(405);
    const big = new PathGrants();
    const bigToken = big.grant('/nonexistent/huge.csv', MAX_SLICE_BYTES * 4);
    let reads = 0;
    const counting = async () => {
      reads++;
      return new Uint8Array(0);
    };
    // A whole-file GET of a large file is refused before anything is read.
    expect((await servePickedRange(big, bigToken, 'GET', null, counting)).status).toBe(416);
    expect((await servePickedRange(big, bigToken, 'GET', `bytes=0-${MAX_SLICE_BYTES}`, counting)).status).toBe(416);
    expect(reads).toBe(0);
    expect((await servePickedRange(big, bigToken, 'GET', `bytes=0-${MAX_SLICE_BYTES - 1}`, counting)).status).toBe(206);
  });
});

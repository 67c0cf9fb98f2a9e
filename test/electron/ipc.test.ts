import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PickedFile, RecentEntry, SaveResult } from '../../electron/contract.ts';
import { writeFileAtomic } from '../../electron/main/files.ts';
import { PathGrants } from '../../electron/main/grants.ts';
import { createIpcHandlers, type DialogPort } from '../../electron/main/ipc.ts';
import { createMappingsFile } from '../../electron/main/persist.ts';
import { createPgSavedFile, createPostgresService } from '../../electron/main/postgres.ts';
import {
  IpcValidationError,
  MAX_MAPPINGS_BYTES,
  MAX_SLICE_BYTES,
  validateOpenRequest,
  validateReadSlice,
  validateSaveRequest,
} from '../../electron/main/validate.ts';

describe('IPC argument validation', () => {
  it('open requests are two booleans and nothing else', () => {
    expect(validateOpenRequest({ folder: true, multiple: false })).toEqual({ folder: true, multiple: false });
    for (const bad of [null, 1, 'x', [], { folder: 'yes', multiple: true }, { folder: true }, { folder: true, multiple: true, path: '/etc' }]) {
      expect(() => validateOpenRequest(bad)).toThrow(IpcValidationError);
    }
  });
  it('slices need a token and a bounded, ordered integer range', () => {
    const token = 'a'.repeat(32);
    expect(validateReadSlice(token, 0, 10)).toEqual({ token, start: 0, end: 10 });
    expect(() => validateReadSlice('/etc/passwd', 0, 10)).toThrow(IpcValidationError);
    expect(() => validateReadSlice(token, -1, 10)).toThrow(IpcValidationError);
    expect(() => validateReadSlice(token, 10, 5)).toThrow(IpcValidationError);
    expect(() => validateReadSlice(token, 0.5, 5)).toThrow(IpcValidationError);
    expect(() => validateReadSlice(token, 0, MAX_SLICE_BYTES + 1)).toThrow(IpcValidationError);
  });
  it('saves need a plain file name, bytes and sane filters', () => {
    const ok = { suggestedName: 'campaign.csv', bytes: new Uint8Array([1]), filters: [{ name: 'CSV', extensions: ['csv'] }] };
    expect(validateSaveRequest(ok).suggestedName).toBe('campaign.csv');
    expect(() => validateSaveRequest({ ...ok, suggestedName: '../../.bashrc' })).toThrow(IpcValidationError);
    expect(() => validateSaveRequest({ ...ok, suggestedName: 'C:\\x.csv' })).toThrow(IpcValidationError);
    expect(() => validateSaveRequest({ ...ok, bytes: 'text' })).toThrow(IpcValidationError);
    expect(() => validateSaveRequest({ ...ok, filters: [{ name: 'x', extensions: ['c/sv'] }] })).toThrow(IpcValidationError);
  });
});

describe('IPC handlers', () => {
  let dir: string;
  let openResult: string[];
  let saveTarget: string | null;
  let recent: RecentEntry[];
  let mappingsText: string | null = null;
  const dialogs: DialogPort = {
    showOpen: async () => openResult,
    showSave: async () => saveTarget,
  };
  const handlers = () =>
    createIpcHandlers({
      dialogs,
      grants: new PathGrants(),
      mappings: { read: () => mappingsText, write: (t) => void (mappingsText = t) },
      postgres: createPostgresService(createPgSavedFile(dir)),
      recent: {
        list: () => recent,
        add: (e) => {
          recent = [e, ...recent];
        },
      },
    });

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ss-ipc-'));
    writeFileSync(path.join(dir, 'a.csv'), 'InvoiceNo,Qty\n1,2\n');
    writeFileSync(path.join(dir, 'b.csv'), 'InvoiceNo,Qty\n3,4\n');
    writeFileSync(path.join(dir, 'notes.md'), '# not data');
    openResult = [];
    saveTarget = null;
    recent = [];
  });

  it('reads only files the user picked, through their tokens', async () => {
    const h = handlers();
    openResult = [path.join(dir, 'a.csv')];
    const picked = (await h['ss:open-files']({ folder: false, multiple: true })) as PickedFile[];
    expect(picked.map((p) => p.name)).toEqual(['a.csv']);
    // DuckDB's lazy reader gets the app-origin range URL of the same grant.
    expect(picked[0]!.url).toBe(`app://segment-studio/picked/${picked[0]!.token}`);
    const bytes = (await h['ss:read-slice'](picked[0]!.token, 0, 9)) as Uint8Array;
    expect(new TextDecoder().decode(bytes)).toBe('InvoiceNo');
    await expect(h['ss:read-slice']('f'.repeat(32), 0, 10)).rejects.toThrow(/not opened by the user/);
    await expect(h['ss:read-slice'](path.join(dir, 'b.csv'), 0, 10)).rejects.toThrow(IpcValidationError);
    expect(recent[0]).toMatchObject({ name: 'a.csv', folder: false });
  });

  it('opens a folder as its files, sorted and marked as listed from a folder (the renderer applies the folder rule), and remembers it', async () => {
    const h = handlers();
    openResult = [dir];
    const picked = (await h['ss:open-files']({ folder: true, multiple: false })) as PickedFile[];
    expect(picked.map((p) => [p.relativePath, p.inFolder])).toEqual([
      ['a.csv', true],
      ['b.csv', true],
      ['notes.md', true],
    ]);
    expect(recent[0]).toMatchObject({ path: dir, folder: true });
    const again = (await h['ss:open-recent'](dir)) as PickedFile[];
    expect(again).toHaveLength(3);
    await expect(h['ss:open-recent']('/etc')).rejects.toThrow(IpcValidationError);
  });

  it('returns null when a dialog is cancelled', async () => {
    expect(await handlers()['ss:open-files']({ folder: false, multiple: true })).toBeNull();
    expect(await handlers()['ss:save-file']({ suggestedName: 'x.csv', bytes: new Uint8Array(1), filters: [] })).toEqual({ saved: false });
  });

  it('saves to the path chosen in the dialog, atomically', async () => {
    saveTarget = path.join(dir, 'out.csv');
    writeFileSync(saveTarget, 'old');
    const r = (await handlers()['ss:save-file']({
      suggestedName: 'out.csv',
      bytes: new TextEncoder().encode('new,content\n'),
      filters: [{ name: 'CSV', extensions: ['csv'] }],
    })) as SaveResult;
    expect(r).toEqual({ saved: true, path: saveTarget });
    expect(readFileSync(saveTarget, 'utf8')).toBe('new,content\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes a manifest sent with the file beside it, named after it; refuses one that is not bytes', async () => {
    saveTarget = path.join(dir, 'campaign.csv');
    const manifest = new TextEncoder().encode('{"outputs":[]}');
    const r = (await handlers()['ss:save-file']({
      suggestedName: 'campaign.csv',
      bytes: new TextEncoder().encode('a\n'),
      filters: [],
      manifest,
    })) as SaveResult;
    expect(r).toEqual({ saved: true, path: saveTarget, manifestPath: path.join(dir, 'campaign.manifest.json') });
    expect(readFileSync(path.join(dir, 'campaign.manifest.json'), 'utf8')).toBe('{"outputs":[]}');
    await expect(handlers()['ss:save-file']({ suggestedName: 'campaign.csv', bytes: new Uint8Array(1), filters: [], manifest: 'text' })).rejects.toThrow(
      'save: the manifest must be a Uint8Array',
    );
  });

  it('a failed save leaves the previous file intact and no temporary file behind', async () => {
    const target = path.join(dir, 'keep.csv');
    writeFileSync(target, 'previous');
    await expect(
      writeFileAtomic(target, new TextEncoder().encode('partial'), {
        beforeRename: async () => {
          throw new Error('disk full');
        },
      }),
    ).rejects.toThrow('disk full');
    expect(readFileSync(target, 'utf8')).toBe('previous');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('stores the remembered mappings as JSON text in userData, refusing anything else', async () => {
    const file = createMappingsFile(dir);
    expect(file.read()).toBeNull();
    const h = createIpcHandlers({
      dialogs,
      grants: new PathGrants(),
      recent: { list: () => [], add: () => undefined },
      mappings: file,
      postgres: createPostgresService(createPgSavedFile(dir)),
    });
    expect(await h['ss:load-mappings']()).toBeNull();
    const text = '{"version":1,"layouts":{}}';
    await h['ss:save-mappings'](text);
    expect(readFileSync(path.join(dir, 'mappings.json'), 'utf8')).toBe(text);
    expect(await h['ss:load-mappings']()).toBe(text);
    for (const bad of [42, null, '{not json', 'x'.repeat(MAX_MAPPINGS_BYTES + 1)]) await expect(h['ss:save-mappings'](bad)).rejects.toThrow(IpcValidationError);
    expect(readFileSync(path.join(dir, 'mappings.json'), 'utf8')).toBe(text);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

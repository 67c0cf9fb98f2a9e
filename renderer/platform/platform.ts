import type { PgProgress, PgSavedTarget, PgTarget, PgTestResult, PgWriteRequest, PgWriteResult } from '../../electron/contract.ts';

/** The renderer's one door to the desktop contract (types only: the page never reaches the main process but through the preload API). */
export type { DesktopApi, MenuCommand, PgProblem, PgProgress, PgTarget, PickedFile, ScreenId } from '../../electron/contract.ts';
import type { DataSource } from '../../engine/src/index.ts';

export interface SaveOptions {
  suggestedName: string;
  mime: string;
  extensions: string[];
  /** The file's manifest.json: the desktop app writes it beside the file; a browser download cannot (the Export screen offers it). */
  manifest?: Uint8Array;
}

export type SaveOutcome = { saved: true; where: string; manifestWhere?: string } | { saved: false };

/** Open and save, whatever the host: a browser tab or the Electron shell. */
export interface Platform {
  readonly kind: 'browser' | 'electron';
  /** Shows the host's file (or folder) picker; picked files arrive through `onOpen`. */
  openFiles(options: { folder: boolean }): Promise<void>;
  /** Registers the one handler that receives every opened set of files (dialog, drop, recent). */
  onOpen(handler: (sources: DataSource[]) => void): void;
  save(bytes: Uint8Array, options: SaveOptions): Promise<SaveOutcome>;
  /** The remembered column mappings as the host stores them (Electron: userData; browser: localStorage), or null. */
  loadMappings(): Promise<string | null>;
  saveMappings(text: string): Promise<void>;
  /** The data mart to PostgreSQL, through the desktop app's main process; absent in a browser (a page cannot open a database connection). */
  readonly postgres?: PostgresPort;
}

/** Test a connection, write the mart's tables in one transaction, and the form's remembered fields (never the password). */
export interface PostgresPort {
  test(target: PgTarget): Promise<PgTestResult>;
  write(request: PgWriteRequest): Promise<PgWriteResult>;
  saved(): Promise<PgSavedTarget | null>;
  /** The running write's rows so far, or null. */
  progress(): Promise<PgProgress | null>;
  /** Stops the running write (it rolls back). */
  cancel(): Promise<void>;
}

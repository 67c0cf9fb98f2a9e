/**
 * The desktop API the preload exposes to the renderer as `window.segmentStudio`, and its IPC
 * channel names. Types only: main, preload and renderer agree on this and nothing else.
 */

/**
 * A file the user picked in a native dialog: read in slices through `readSlice` with its token,
 * or range by range at `url` (DuckDB's lazy reader); never handed over whole.
 */
export interface PickedFile {
  /** Opaque id valid for this window's session; only picked paths ever get one. */
  token: string;
  name: string;
  size: number;
  /** Folder-relative name for files picked as part of a folder ("2010/12-01.csv"). */
  relativePath: string;
  /** Listed from a chosen folder: the renderer keeps the files the engine's folder rule reads. */
  inFolder?: true;
  /** Same-origin URL serving byte ranges of the file (HTTP Range), behind the same grant as the token. */
  url: string;
}

export interface OpenRequest {
  folder: boolean;
  multiple: boolean;
}

export interface SaveRequest {
  suggestedName: string;
  bytes: Uint8Array;
  /** e.g. [{ name: 'CSV', extensions: ['csv'] }] */
  filters: { name: string; extensions: string[] }[];
  /** The file's provenance (manifest.json), written beside it as <name>.manifest.json. */
  manifest?: Uint8Array;
}

export type SaveResult = { saved: true; path: string; manifestPath?: string } | { saved: false };

export interface RecentEntry {
  path: string;
  name: string;
  folder: boolean;
}

/** The app's screens, in the sidebar's order: the View menu and Ctrl+1… follow it (renderer/app/screens.ts). */
export type ScreenId = 'data' | 'overview' | 'segments' | 'clusters' | 'baskets' | 'value' | 'export' | 'migration';
export type MenuCommand =
  | 'open-files'
  | 'open-folder'
  | 'open-sample'
  | 'open-recent'
  | 'export'
  | 'save-analysis'
  | 'open-analysis'
  | 'rerun'
  | 'toggle-theme'
  | `screen-${ScreenId}`;

/**
 * A PostgreSQL server and where in it the data mart goes (the Export screen's form). The password
 * travels with each call and is never stored or logged; the other fields are remembered in userData.
 */
export interface PgTarget {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** Schema for the tables, created if missing; '' = the server's default (usually public). */
  schema: string;
  /** replace: the tables are made afresh; append: earlier snapshots are kept and the same one replaced. */
  mode: 'replace' | 'append';
  /** TLS with the server's certificate verified. */
  ssl?: boolean;
}

/** The remembered fields of the form: everything but the password. */
export type PgSavedTarget = Omit<PgTarget, 'password'>;

/** One data-mart table as the renderer computed it: its name and rows (columns and types are the engine's MART_TABLES). */
export interface PgMartTable {
  name: string;
  rows: (string | number | null)[][];
}

export interface PgWriteRequest {
  target: PgTarget;
  /** The snapshot date every row carries (YYYY-MM-DD). */
  snapshot: string;
  tables: PgMartTable[];
}

/** What went wrong, for the form to say in words: sign-in, reaching the server, a missing database, rights, TLS, a value, or else. */
export type PgProblem = 'auth' | 'unreachable' | 'database' | 'permission' | 'ssl' | 'data' | 'cancelled' | 'busy' | 'other';
export type PgFailure = { ok: false; problem: PgProblem; message: string };
export type PgTestResult = { ok: true; server: string; message: string } | PgFailure;
/** How far the running write is: rows sent of all four tables, and the table being written. */
export interface PgProgress {
  rows: number;
  total: number;
  table: string;
}
export type PgWriteResult = { ok: true; where: string; tables: { name: string; rows: number }[] } | PgFailure;

export interface DesktopApi {
  readonly platform: 'electron';
  openFiles(request: OpenRequest): Promise<PickedFile[] | null>;
  openRecent(path: string): Promise<PickedFile[] | null>;
  /** Bytes [start, end) of a picked file; at most MAX_SLICE_BYTES (64 MiB) per call. */
  readSlice(token: string, start: number, end: number): Promise<Uint8Array>;
  saveFile(request: SaveRequest): Promise<SaveResult>;
  recentFiles(): Promise<RecentEntry[]>;
  /** The remembered column mappings (engine/src/mapping/remembered.ts) as stored in userData, or null when none are. */
  loadMappings(): Promise<string | null>;
  /** Replaces the remembered column mappings in userData (written atomically). */
  saveMappings(text: string): Promise<void>;
  /** Connects to the server and checks the tables could be created there; nothing is written. */
  postgresTest(target: PgTarget): Promise<PgTestResult>;
  /** Writes the data mart's tables in one transaction (main validates every row against the engine's schema). */
  postgresWrite(request: PgWriteRequest): Promise<PgWriteResult>;
  /** The running write's progress, or null when none is running (the form polls it). */
  postgresProgress(): Promise<PgProgress | null>;
  /** Stops the running write: it rolls back, nothing changes. */
  postgresCancel(): Promise<void>;
  /** The form's remembered fields (no password), or null. */
  postgresSaved(): Promise<PgSavedTarget | null>;
  /** Subscribes to application-menu commands ('open-recent' carries the path); returns an unsubscribe function. */
  onMenu(listener: (command: MenuCommand, path?: string) => void): () => void;
}

/** Invoke channels (renderer → main) and the one event channel (main → renderer). */
export type InvokeChannel =
  | 'ss:open-files'
  | 'ss:open-recent'
  | 'ss:read-slice'
  | 'ss:save-file'
  | 'ss:recent-files'
  | 'ss:load-mappings'
  | 'ss:save-mappings'
  | 'ss:pg-test'
  | 'ss:pg-write'
  | 'ss:pg-saved'
  | 'ss:pg-progress'
  | 'ss:pg-cancel';
export type EventChannel = 'ss:menu';

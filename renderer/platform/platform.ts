import type { DataSource } from '../../engine/src/index.ts';

export interface SaveOptions {
  suggestedName: string;
  mime: string;
  extensions: string[];
}

export type SaveOutcome = { saved: true; where: string } | { saved: false };

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
}

export declare function patchDuckDbWorker(source: string): string;
export declare const DUCKDB_EH_WORKER: string;
export declare function writePatchedDuckDbWorker(original: string, cacheDir: string): string;

export declare const CSP: string;
export declare function startStaticServer(options: { root: string; host?: string; port?: number }): Promise<{ url: string; close(): Promise<void> }>;
export declare function cacheControl(pathname: string): string;

export declare function buildWeb(options?: { quiet?: boolean }): Promise<string>;

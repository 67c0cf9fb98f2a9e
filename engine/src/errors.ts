/** Errors the engine raises on purpose. Anything else escaping the engine is a bug. */
export type EngineErrorCode =
  | 'empty_file'
  | 'binary_file'
  | 'encoding'
  | 'parse'
  | 'mapping'
  | 'shape_mismatch'
  | 'invalid_rules'
  | 'invalid_argument'
  | 'too_large'
  | 'cancelled'
  | 'output_capped';

export interface ErrorLocation {
  file?: string;
  row?: number;
  column?: string;
}

export class EngineError extends Error {
  readonly code: EngineErrorCode;
  readonly location: ErrorLocation;

  constructor(code: EngineErrorCode, message: string, location: ErrorLocation = {}) {
    super(message);
    this.name = 'EngineError';
    this.code = code;
    this.location = location;
  }

  /** One line for a terminal or a toast: "file.csv, row 12, column Price: message". */
  describe(): string {
    const where = [
      this.location.file,
      this.location.row !== undefined ? `row ${this.location.row}` : undefined,
      this.location.column !== undefined ? `column ${this.location.column}` : undefined,
    ].filter((s): s is string => s !== undefined);
    return where.length > 0 ? `${where.join(', ')}: ${this.message}` : this.message;
  }
}

export class CancelledError extends EngineError {
  constructor() {
    super('cancelled', 'cancelled');
    this.name = 'CancelledError';
  }
}

/** Throws CancelledError when the token has been aborted; call between chunks of work. */
export function throwIfCancelled(signal: { readonly aborted: boolean } | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

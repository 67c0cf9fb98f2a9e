/** One line for a toast: EngineError location first ("file.csv, row 12, column Price: ..."). */
export function describeError(e: unknown): string {
  if (e && typeof e === 'object') {
    const err = e as { message?: string; location?: { file?: string; row?: number; column?: string }; describe?: () => string };
    if (typeof err.describe === 'function') return err.describe();
    const where = [
      err.location?.file,
      err.location?.row !== undefined ? `row ${err.location.row}` : undefined,
      err.location?.column ? `column ${err.location.column}` : undefined,
    ].filter(Boolean);
    const msg = err.message ?? String(e);
    return where.length ? `${where.join(', ')}: ${msg}` : msg;
  }
  return String(e);
}

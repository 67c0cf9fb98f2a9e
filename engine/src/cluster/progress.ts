import { throwIfCancelled } from '../errors.ts';
import type { JobControl } from '../ports.ts';

/**
 * A JobControl for a sub-task that owns the slice [start, start + span) of the parent's
 * progress bar; fractions reported by the sub-task (0..1) are mapped into that slice and
 * messages get `prefix` prepended. Shares the parent's cancel signal. O(1).
 */
export function subControl(control: JobControl | undefined, start: number, span: number, prefix?: string): JobControl | undefined {
  if (control === undefined) return undefined;
  const parent = control.onProgress;
  const sub: JobControl = {};
  if (control.signal !== undefined) sub.signal = control.signal;
  if (parent !== undefined) {
    sub.onProgress = (fraction, message) => {
      const text = prefix === undefined ? message : message === undefined ? prefix : `${prefix}: ${message}`;
      parent(start + span * Math.min(1, Math.max(0, fraction)), text);
    };
  }
  return sub;
}

/** Cancellation check plus progress report in one call; both are no-ops without control. */
export function checkpoint(control: JobControl | undefined, fraction: number, message?: string): void {
  if (control === undefined) return;
  throwIfCancelled(control.signal);
  control.onProgress?.(fraction, message);
}

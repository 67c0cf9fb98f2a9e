/**
 * Paths the user picked in a dialog, behind random tokens: the renderer can only read files
 * it was given a token for, and never learns or chooses a path itself.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';

export interface Grant {
  path: string;
  size: number;
}

export class PathGrants {
  private readonly grants = new Map<string, Grant>();

  grant(filePath: string, size: number): string {
    const token = randomBytes(16).toString('hex');
    this.grants.set(token, { path: path.resolve(filePath), size });
    return token;
  }

  get(token: string): Grant | undefined {
    return this.grants.get(token);
  }

  clear(): void {
    this.grants.clear();
  }

  get size(): number {
    return this.grants.size;
  }
}

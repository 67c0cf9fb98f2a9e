/**
 * Remembered mappings in the app: the engine's memory document (engine/src/mapping/remembered.ts),
 * stored by the platform (Electron userData, browser localStorage). A mapping the user set and
 * that loaded is saved for the files' header layout; a fresh open of files of that layout gets it back.
 */
import {
  forgetMapping,
  headerSignature,
  parseMappingMemory,
  rememberMapping,
  serialiseMappingMemory,
  type ColumnMapping,
  type MappingMemory,
} from '../../engine-client/index.ts';
import { getPlatform } from '../services.ts';
import { getState, setState } from '../store.ts';
import { describeError } from './errors.ts';

let memory: MappingMemory | null = null;

/** The memory, read from the platform once per session. */
export async function mappingMemory(): Promise<MappingMemory> {
  if (memory) return memory;
  let text: string | null = null;
  try {
    text = await getPlatform().loadMappings();
  } catch (e) {
    getState().toast('info', `Remembered mappings could not be read: ${describeError(e)}`);
  }
  const parsed = parseMappingMemory(text);
  if (parsed.problem) getState().toast('info', parsed.problem);
  memory = parsed.memory;
  return memory;
}

async function store(next: MappingMemory, columns: readonly string[]): Promise<void> {
  memory = next;
  setState({ mappingRemembered: next.layouts[headerSignature(columns)] !== undefined });
  try {
    await getPlatform().saveMappings(serialiseMappingMemory(next));
  } catch (e) {
    getState().toast('error', `The mapping could not be remembered: ${describeError(e)}`);
  }
}

/** Saves the roles the user set for this header layout (none set: forgets the layout). */
export async function rememberLayout(columns: readonly string[], pinned: ColumnMapping): Promise<void> {
  await store(rememberMapping(await mappingMemory(), columns, pinned, new Date().toISOString()), columns);
}

export async function forgetLayout(columns: readonly string[]): Promise<void> {
  await store(forgetMapping(await mappingMemory(), columns), columns);
}

/** Whether a mapping is remembered for this header layout (the memory already read). */
export function isRemembered(columns: readonly string[]): boolean {
  return memory?.layouts[headerSignature(columns)] !== undefined;
}

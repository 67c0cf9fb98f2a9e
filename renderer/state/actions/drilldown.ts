/**
 * "Export these" from a drill-down: the campaign writer of the Export screen (its columns and
 * format) over exactly the customers the drill-down lists, with its manifest on offer.
 */
import type { DrillTarget } from '../slices/ui.ts';
import { getState } from '../store.ts';
import { appManifest, campaignList, save } from './export.ts';
import { describeError } from './errors.ts';

const encoder = new TextEncoder();

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'customers'
  );
}

/** Saves the members' campaign list as customers-<label>.csv; false when the inputs are not ready. */
export async function exportDrill(target: DrillTarget, members: Int32Array, label: string): Promise<boolean> {
  let size = 0;
  for (const i of members) size = Math.max(size, i + 1);
  const inList = new Uint8Array(size);
  for (const i of members) inList[i] = 1;
  const list = campaignList({ layout: 'one-file', groupBy: target.kind === 'cluster' ? 'cluster' : 'segment', selection: [] }, (i) => inList[i] === 1);
  if (!list) {
    getState().toast('error', 'Nothing to export yet: the columns chosen on the Export screen are still being computed');
    return false;
  }
  try {
    const bytes = encoder.encode(list.files[0]!.text);
    const name = `customers-${slug(label)}.csv`;
    const manifest = await appManifest(list, [{ name, content: bytes }]);
    if (list.suppressed.length)
      getState().toast('info', `Left out: ${list.suppressed.map((g) => g.name).join(', ')} (fewer customers than the minimum group size)`);
    await save(bytes, name, 'text/csv', 'csv', `${list.rows.toLocaleString('en')} customers`, manifest);
    return true;
  } catch (e) {
    getState().toast('error', `Export failed: ${describeError(e)}`);
    return false;
  }
}

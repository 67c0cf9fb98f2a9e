/** A migration cell's customers as a campaign list, through the engine's campaign writer (the CLI's per-cell files). */
import { campaignNeeds, cellCampaign, type AsOfMigration, type CustomerProfile, type NextBest } from '../../engine-client/index.ts';
import { describeError } from '../../state/actions/errors.ts';
import { coordinator } from '../../state/results.ts';
import { getPlatform } from '../../state/services.ts';
import { getState, setState } from '../../state/store.ts';

export async function exportCell(m: AsOfMigration, i: number, j: number): Promise<void> {
  const e = getState().analysis.export;
  const needs = campaignNeeds(e);
  const profiles = coordinator.value<Map<string, CustomerProfile>>('profiles');
  const nextBest = coordinator.value<Map<string, NextBest>>('nextBest');
  if ((needs.profiles && !profiles) || (needs.nextBest && !nextBest)) {
    getState().toast('error', 'The export columns need customer profiles or recommendations that are still being computed');
    return;
  }
  try {
    const out = cellCampaign(e, m, i, j, { ...(profiles ? { profiles } : {}), ...(nextBest ? { nextBest } : {}) });
    const file = out.files[0]!;
    const r = await getPlatform().save(new TextEncoder().encode(file.text), {
      suggestedName: file.name.split('/').pop()!,
      mime: 'text/csv',
      extensions: ['csv'],
    });
    if (r.saved) {
      const what = `${out.rows.toLocaleString('en')} customers (${m.before[i]} → ${m.after[j]})`;
      setState({ lastExport: `${what} → ${r.where}` });
      getState().toast('success', `Saved ${what} to ${r.where}`);
    }
  } catch (err) {
    getState().toast('error', `Export failed: ${describeError(err)}`);
  }
}

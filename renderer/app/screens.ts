import type { Screen } from '../state/slices/ui.ts';

/**
 * The screens in the sidebar's order; Ctrl+1… and the desktop View menu (electron/main/menu.ts,
 * kept equal by a test) follow it.
 */
export const SCREENS: { id: Screen; label: string; icon: string; title: string; sub: string }[] = [
  { id: 'data', label: 'Data', icon: '▤', title: 'Data', sub: 'Files, column mapping and cleaning' },
  { id: 'overview', label: 'Overview', icon: '◔', title: 'Overview', sub: 'The business over time, and whether the segments predict it' },
  { id: 'segments', label: 'Segments', icon: '◧', title: 'Segments', sub: 'RFM scores and segment rules' },
  { id: 'clusters', label: 'Clusters', icon: '⁘', title: 'Clusters', sub: 'k-means on recency, frequency and spend' },
  { id: 'baskets', label: 'Baskets', icon: '⊞', title: 'Baskets', sub: 'Products bought together' },
  { id: 'value', label: 'Value', icon: '◈', title: 'Customer value', sub: 'P(alive) and lifetime value: BG/NBD and Gamma-Gamma' },
  { id: 'export', label: 'Export', icon: '⇪', title: 'Export', sub: 'Campaign lists, rules and charts' },
  { id: 'migration', label: 'Migration', icon: '⇄', title: 'Segment migration', sub: 'Who moved between segments from one date to another' },
];

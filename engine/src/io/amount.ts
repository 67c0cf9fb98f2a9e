/**
 * A line's amount, as SQL over its parsed columns: its line total, else quantity × unit price.
 * Without a quantity column each line is one unit (a till's line per scan, or an order table's
 * row), so its unit price is its amount. The engine's `lines` and the SQL export both use it.
 */
export function amountSql(hasQuantity: boolean): string {
  return hasQuantity ? 'COALESCE(line_total, quantity * unit_price)' : 'COALESCE(line_total, unit_price)';
}

/** How the amounts are made, in words (the Data screen's revenue). */
export function amountWords(mapping: { quantity?: string; unit_price?: string; line_total?: string }): string {
  if (mapping.line_total !== undefined) return 'Σ line totals';
  return mapping.quantity !== undefined ? 'Σ quantity × unit price' : 'Σ unit prices, a line per unit';
}

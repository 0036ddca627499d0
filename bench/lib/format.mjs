// Number and text formatting shared by the console output and the Markdown report.

/** A number with thousands separators and a fixed number of decimals; '-' when absent. */
export function formatNumber(value, decimals = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return '-';
  return Number(value).toLocaleString('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
}

/** A byte count in KiB or MiB, whichever reads better; '-' when absent. */
export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined || Number.isNaN(bytes)) return '-';
  const magnitude = Math.abs(bytes);
  if (magnitude >= 2 ** 20) return `${formatNumber(bytes / 2 ** 20, 1)} MiB`;
  if (magnitude >= 2 ** 10) return `${formatNumber(bytes / 2 ** 10, 0)} KiB`;
  return `${formatNumber(bytes, 0)} B`;
}

/** A growth or shrinkage in bytes, with its sign: '+2.0 MiB', '-795 KiB'. */
export function formatBytesChange(bytes) {
  const text = formatBytes(bytes);
  return typeof bytes === 'number' && bytes >= 0 ? `+${text}` : text;
}

/** A value with its unit, with as many decimals as its size needs. */
export function formatQuantity(value, unit) {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value !== 'number') return String(value);
  const decimals = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  if (unit === 'x') return `${formatNumber(value, decimals)}x`;
  return unit ? `${formatNumber(value, decimals)} ${unit}` : formatNumber(value, decimals);
}

const OPERATOR_SYMBOLS = { '>=': '≥', '<=': '≤', '==': '' };

/** A check's goal ('>= 3' with unit 'x') as people write it ('≥ 3x'), the target as written. */
export function formatGoal(goal, unit) {
  const [operator, target] = goal.split(' ');
  if (target === 'true' || target === 'false') return target === 'true' ? 'yes' : 'no';
  const symbol = OPERATOR_SYMBOLS[operator] ?? operator;
  const amount = Number(target).toLocaleString('en-US', { maximumFractionDigits: 3 });
  const quantity = unit === 'x' ? `${amount}x` : unit ? `${amount} ${unit}` : amount;
  return symbol ? `${symbol} ${quantity}` : quantity;
}

/** A plain-text table with padded columns, for the console. */
export function textTable(columns, rows) {
  const widths = columns.map((column, index) =>
    Math.max(column.label.length, ...rows.map((row) => String(row[index]).length)),
  );
  const pad = (cell, index) =>
    columns[index].align === 'right'
      ? String(cell).padStart(widths[index])
      : String(cell).padEnd(widths[index]);
  const lines = [columns.map((column, index) => pad(column.label, index)).join('  ')];
  lines.push(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) lines.push(row.map(pad).join('  '));
  return lines.join('\n');
}

/** A Markdown table; pipes inside cells are escaped. */
export function markdownTable(columns, rows) {
  const escapeCell = (cell) => String(cell).replaceAll('|', '\\|').replaceAll('\n', ' ');
  const lines = [`| ${columns.map((column) => escapeCell(column.label)).join(' | ')} |`];
  lines.push(`|${columns.map((column) => (column.align === 'right' ? '---:' : '---')).join('|')}|`);
  for (const row of rows) lines.push(`| ${row.map(escapeCell).join(' | ')} |`);
  return lines.join('\n');
}

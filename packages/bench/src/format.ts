/** Number formatting shared by the stderr table and the Markdown report (three significant digits or so). */

/** 12,485 / 123 / 12.3 / 1.23 / 0.123 / 0.0012: like the reference harness's report.py. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  const size = Math.abs(value);
  if (size === 0) return '0';
  if (size >= 1000) return Math.round(value).toLocaleString('en-US');
  if (size >= 100) return value.toFixed(0);
  if (size >= 10) return value.toFixed(1);
  if (size >= 1) return value.toFixed(2);
  if (size >= 0.01) return value.toFixed(3);
  return value.toPrecision(2);
}

/** "median (min–max)". */
export function formatSpread(record: { median: number; min: number; max: number }): string {
  return `${formatNumber(record.median)} (${formatNumber(record.min)}–${formatNumber(record.max)})`;
}

/** Pads each column of a table of strings to its widest cell, two spaces apart. */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
}

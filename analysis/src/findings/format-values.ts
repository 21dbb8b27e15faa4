/** Human-readable numbers for titles: "1.2 s", "340 ms", "1.5 MiB", "12.5%". */

export function formatSeconds(seconds: number): string {
  if (seconds >= 100) return `${Math.round(seconds)} s`;
  if (seconds >= 1) return `${trim(seconds.toFixed(2))} s`;
  return `${trim((seconds * 1000).toPrecision(3))} ms`;
}

export function formatPercent(ratio: number): string {
  const percent = ratio * 100;
  if (percent !== 0 && Math.abs(percent) < 0.1) return `${trim(percent.toPrecision(2))}%`;
  return `${trim(percent.toFixed(1))}%`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${trim(value.toFixed(unit === 0 ? 0 : 1))} ${units[unit]}`;
}

export function formatNumber(value: number): string {
  if (Math.abs(value) >= 100) return String(Math.round(value));
  return trim(value.toPrecision(3));
}

function trim(text: string): string {
  return text.includes('.') && !text.includes('e') ? text.replace(/\.?0+$/, '') : text;
}

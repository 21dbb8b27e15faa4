/**
 * pg_settings reports memory settings in their own units ("8kB" pages for shared_buffers, "kB" for
 * work_mem). postgres_exporter converts them to bytes and suffixes the metric name with _bytes
 * (collector/pg_setting.go); so does this.
 */
const UNIT_BYTES: Record<string, number> = {
  B: 1,
  kB: 1024,
  '8kB': 8192,
  '16kB': 16384,
  MB: 1024 ** 2,
  '16MB': 16 * 1024 ** 2,
  GB: 1024 ** 3,
};

/** The exported settings and their postgres_exporter metric names. */
export const SETTING_METRICS = [
  { setting: 'max_connections', metric: 'pg_settings_max_connections' },
  { setting: 'superuser_reserved_connections', metric: 'pg_settings_superuser_reserved_connections' },
  { setting: 'shared_buffers', metric: 'pg_settings_shared_buffers_bytes' },
  { setting: 'work_mem', metric: 'pg_settings_work_mem_bytes' },
  { setting: 'maintenance_work_mem', metric: 'pg_settings_maintenance_work_mem_bytes' },
  { setting: 'effective_cache_size', metric: 'pg_settings_effective_cache_size_bytes' },
  { setting: 'random_page_cost', metric: 'pg_settings_random_page_cost' },
  { setting: 'track_io_timing', metric: 'pg_settings_track_io_timing' },
] as const;

export interface SettingRow {
  name: string;
  setting: string;
  unit: string | null;
  vartype: string;
}

/** One pg_settings row as a number (bytes for memory units, 1/0 for booleans); undefined if not numeric. */
export function settingValue(row: SettingRow): number | undefined {
  if (row.vartype === 'bool') return row.setting === 'on' ? 1 : 0;
  const value = Number(row.setting);
  if (row.setting === '' || !Number.isFinite(value)) return undefined;
  return value * (row.unit === null ? 1 : (UNIT_BYTES[row.unit] ?? 1));
}

/**
 * /proc/stat reports CPU time in USER_HZ ticks, which the kernel fixes at 100 per second for user space
 * on every mainstream architecture regardless of CONFIG_HZ (proc(5): "units of USER_HZ (1/100ths of a
 * second on most architectures)"; node_exporter divides by the same constant, its userHZ in
 * procfs). Node cannot call sysconf(_SC_CLK_TCK), so it is a constant here.
 */
export const USER_HZ = 100;

/** The CPU modes node_exporter exports, in /proc/stat column order (guest time is already in user/nice). */
export const CPU_MODES = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;
export type CpuMode = (typeof CPU_MODES)[number];

export interface CpuTimes {
  /** The CPU number as node_exporter labels it ("0", "1", ...). */
  cpu: string;
  seconds: Record<CpuMode, number>;
}

export interface ProcStat {
  cpus: CpuTimes[];
  /** Boot time, seconds since the epoch (the `btime` line). */
  bootTimeSeconds: number | undefined;
}

/** Parses /proc/stat: per-CPU times (the aggregate `cpu` line is skipped, as node_exporter does) and btime. */
export function parseProcStat(text: string): ProcStat {
  const cpus: CpuTimes[] = [];
  let bootTimeSeconds: number | undefined;
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const key = fields[0] ?? '';
    if (/^cpu\d+$/.test(key)) {
      const seconds = {} as Record<CpuMode, number>;
      CPU_MODES.forEach((mode, i) => {
        // Older kernels lack the later columns (steal since 2.6.11); missing means zero.
        seconds[mode] = Number(fields[i + 1] ?? 0) / USER_HZ;
      });
      cpus.push({ cpu: key.slice('cpu'.length), seconds });
    } else if (key === 'btime') {
      bootTimeSeconds = Number(fields[1]);
    }
  }
  return { cpus, bootTimeSeconds };
}

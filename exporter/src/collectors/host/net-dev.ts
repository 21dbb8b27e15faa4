export interface NetDevCounters {
  device: string;
  receiveBytes: number;
  receivePackets: number;
  receiveErrs: number;
  receiveDrop: number;
  transmitBytes: number;
  transmitPackets: number;
  transmitErrs: number;
  transmitDrop: number;
}

/**
 * Parses /proc/net/dev. After two header lines each line is `iface: ` followed by 8 receive columns
 * (bytes packets errs drop fifo frame compressed multicast) and 8 transmit columns (bytes packets errs
 * drop fifo colls carrier compressed); see the kernel's net/core/net-procfs.c dev_seq_printf_stats.
 */
export function parseNetDev(text: string): NetDevCounters[] {
  const devices: NetDevCounters[] = [];
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const device = line.slice(0, colon).trim();
    const c = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(Number);
    if (device === '' || c.length < 16 || c.some((n) => !Number.isFinite(n))) continue;
    devices.push({
      device,
      receiveBytes: c[0]!,
      receivePackets: c[1]!,
      receiveErrs: c[2]!,
      receiveDrop: c[3]!,
      transmitBytes: c[8]!,
      transmitPackets: c[9]!,
      transmitErrs: c[10]!,
      transmitDrop: c[11]!,
    });
  }
  return devices;
}

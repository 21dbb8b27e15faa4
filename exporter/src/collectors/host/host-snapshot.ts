import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readFilesystemStats, type FilesystemStats, type Statfs } from './filesystem-stats';
import { parseMeminfo, type MeminfoField } from './meminfo';
import { filterMounts, parseMounts } from './mounts';
import { parseNetDev, type NetDevCounters } from './net-dev';
import { parseProcStat, type CpuTimes } from './proc-stat';

export interface UnameInfo {
  sysname: string;
  release: string;
  version: string;
  machine: string;
  nodename: string;
  domainname: string;
}

/** Everything the host collector exports, read at one moment. */
export interface HostSnapshot {
  cpus: CpuTimes[];
  memory: Partial<Record<MeminfoField, number>>;
  load: [number, number, number];
  filesystems: FilesystemStats[];
  network: NetDevCounters[];
  bootTimeSeconds: number | undefined;
  timeSeconds: number;
  filefd: { allocated: number; maximum: number } | undefined;
  uname: UnameInfo;
}

export interface HostSources {
  /** Root of procfs; tests point it at a fixture directory. */
  procRoot: string;
  excludeMountPoints: RegExp;
  excludeFsTypes: RegExp;
  /** Network devices to leave out (node_exporter's --collector.netdev.device-exclude); none by default. */
  excludeNetworkDevices: RegExp | undefined;
  statfs?: Statfs;
  now?: () => number;
}

/** Reads /proc, statfs and uname. Files that are absent on this kernel leave their part empty. */
export async function readHostSnapshot(sources: HostSources): Promise<HostSnapshot> {
  const proc = (name: string) => readFile(path.join(sources.procRoot, name), 'utf8');
  const optional = (name: string) => proc(name).catch(() => undefined);
  const [stat, meminfo, loadavg, mounts, netDev, fileNr, domainname] = await allInOrder([
    proc('stat'),
    proc('meminfo'),
    proc('loadavg'),
    proc('mounts'),
    proc('net/dev'),
    optional('sys/fs/file-nr'),
    optional('sys/kernel/domainname'),
  ] as const);
  const { cpus, bootTimeSeconds } = parseProcStat(stat);
  const mounted = filterMounts(parseMounts(mounts), {
    mountPoints: sources.excludeMountPoints,
    fsTypes: sources.excludeFsTypes,
  });
  const exclude = sources.excludeNetworkDevices;
  return {
    cpus,
    memory: parseMeminfo(meminfo),
    load: parseLoadavg(loadavg),
    filesystems: await readFilesystemStats(mounted, sources.statfs),
    network: parseNetDev(netDev).filter((d) => exclude === undefined || !exclude.test(d.device)),
    bootTimeSeconds,
    timeSeconds: (sources.now ?? Date.now)() / 1000,
    filefd: fileNr === undefined ? undefined : parseFileNr(fileNr),
    uname: {
      sysname: os.type(),
      release: os.release(),
      version: os.version(),
      machine: os.machine(),
      nodename: os.hostname(),
      domainname: domainname?.trim() ?? '(none)',
    },
  };
}

/** Like Promise.all, but when several reads fail the error is the first one in list order, not in time. */
async function allInOrder<T extends readonly unknown[]>(promises: {
  [K in keyof T]: Promise<T[K]>;
}): Promise<T> {
  const settled = await Promise.allSettled(promises);
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure) throw failure.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** /proc/loadavg starts with the 1, 5 and 15 minute averages (proc(5)). */
export function parseLoadavg(text: string): [number, number, number] {
  const [one, five, fifteen] = text.trim().split(/\s+/).map(Number);
  return [one ?? NaN, five ?? NaN, fifteen ?? NaN];
}

/** /proc/sys/fs/file-nr is `allocated unused maximum` (kernel Documentation/admin-guide/sysctl/fs.rst). */
export function parseFileNr(text: string): { allocated: number; maximum: number } {
  const [allocated, , maximum] = text.trim().split(/\s+/).map(Number);
  return { allocated: allocated ?? NaN, maximum: maximum ?? NaN };
}

import path from 'node:path';
import os from 'node:os';
import { Registry } from 'prom-client';
import { registerHostCollector } from './host-collector';
import type { Statfs } from './filesystem-stats';

const fixtureProc = path.join(__dirname, 'fixtures', 'proc');

/** A fixed statfs so sizes are exact; /srv/my data fails the way a gone NFS mount would. */
const fixedStatfs: Statfs = async (mountpoint) => {
  if (mountpoint === '/srv/my data') throw new Error('EIO');
  return { bsize: 4096, blocks: 1000, bfree: 400, bavail: 300, files: 5000, ffree: 4000 };
};

async function renderFixture(): Promise<string[]> {
  const registry = new Registry();
  registerHostCollector(registry, { procRoot: fixtureProc, timeoutMs: 5000, statfs: fixedStatfs });
  return (await registry.metrics()).split('\n');
}

describe('host collector on a fixture /proc', () => {
  let lines: string[];
  beforeAll(async () => {
    lines = await renderFixture();
  });

  it.each([
    ['per-CPU user time in seconds from USER_HZ ticks', 'node_cpu_seconds_total{cpu="1",mode="user"} 40.82'],
    ['iowait, which os.cpus() does not report', 'node_cpu_seconds_total{cpu="1",mode="iowait"} 2.22'],
    ['steal, which os.cpus() does not report', 'node_cpu_seconds_total{cpu="0",mode="steal"} 0.02'],
    ['MemAvailable in bytes', 'node_memory_MemAvailable_bytes 24906350592'],
    ['MemTotal in bytes', 'node_memory_MemTotal_bytes 25276973056'],
    ['load over one minute', 'node_load1 0.52'],
    ['load over fifteen minutes', 'node_load15 0.59'],
    [
      'root filesystem size',
      'node_filesystem_size_bytes{device="/dev/vda",mountpoint="/",fstype="ext4"} 4096000',
    ],
    [
      'root filesystem space for non-root users',
      'node_filesystem_avail_bytes{device="/dev/vda",mountpoint="/",fstype="ext4"} 1228800',
    ],
    [
      'root filesystem free inodes',
      'node_filesystem_files_free{device="/dev/vda",mountpoint="/",fstype="ext4"} 4000',
    ],
    [
      'a read-only mount with an escaped space in its path',
      'node_filesystem_readonly{device="/dev/vdb",mountpoint="/srv/my data",fstype="xfs"} 1',
    ],
    [
      'a mount whose statfs failed',
      'node_filesystem_device_error{device="/dev/vdb",mountpoint="/srv/my data",fstype="xfs"} 1',
    ],
    [
      'tmpfs, which node_exporter keeps',
      'node_filesystem_files{device="tmpfs",mountpoint="/run",fstype="tmpfs"} 5000',
    ],
    ['received bytes', 'node_network_receive_bytes_total{device="eth0"} 457093284'],
    ['receive drops', 'node_network_receive_drop_total{device="eth0"} 7'],
    ['transmit errors', 'node_network_transmit_errs_total{device="eth0"} 1'],
    ['boot time from btime', 'node_boot_time_seconds 1767225600'],
    ['allocated file descriptors', 'node_filefd_allocated 376'],
    ['maximum file descriptors', 'node_filefd_maximum 2466177'],
  ])('exports %s', (_title, line) => {
    expect(lines).toContain(line);
  });

  it.each([
    ['the aggregate cpu line', /^node_cpu_seconds_total\{cpu="",/],
    ['pseudo filesystems', /mountpoint="\/(proc|sys|dev)"/],
    ['container storage', /mountpoint="\/var\/lib\/docker/],
    ['sizes of a mount whose statfs failed', /^node_filesystem_size_bytes\{device="\/dev\/vdb"/],
    ['meminfo fields without a unit', /HugePages_Total/],
  ])('leaves out %s', (_title, pattern) => {
    expect(lines.filter((l) => pattern.test(l))).toEqual([]);
  });

  it('labels uname info with this machine', () => {
    const uname = lines.find((l) => l.startsWith('node_uname_info{'));
    expect(uname).toBe(
      `node_uname_info{sysname="${os.type()}",release="${os.release()}",version="${os.version()}",machine="${os.machine()}",nodename="${os.hostname()}",domainname="(none)"} 1`,
    );
  });
});

describe('host collector failures', () => {
  it('reports no host samples when /proc cannot be read, and says why', async () => {
    const registry = new Registry();
    const snapshot = registerHostCollector(registry, { procRoot: '/nonexistent-proc', timeoutMs: 5000 });
    const outcome = await snapshot.current();
    expect(outcome.ok ? '' : outcome.error.message).toBe(
      "ENOENT: no such file or directory, open '/nonexistent-proc/stat'",
    );
    expect((await registry.metrics()).split('\n').filter((l) => l.startsWith('node_'))).toEqual([]);
  });

  it('gives up on a statfs that hangs past the timeout', async () => {
    const registry = new Registry();
    const snapshot = registerHostCollector(registry, {
      procRoot: fixtureProc,
      timeoutMs: 50,
      statfs: () => new Promise(() => undefined),
    });
    const outcome = await snapshot.current();
    expect(outcome.ok ? '' : outcome.error.message).toBe('collector host timed out after 50 ms');
  });
});

describe('host collector on this machine', () => {
  it('reads every CPU mode node-mixin uses for each CPU', async () => {
    const registry = new Registry();
    registerHostCollector(registry, { timeoutMs: 5000 });
    const text = await registry.metrics();
    for (let cpu = 0; cpu < os.cpus().length; cpu++) {
      for (const mode of ['idle', 'iowait', 'steal', 'user', 'system']) {
        expect(text).toMatch(new RegExp(`^node_cpu_seconds_total\\{cpu="${cpu}",mode="${mode}"\\} \\d`, 'm'));
      }
    }
    expect(text).toMatch(/^node_memory_MemAvailable_bytes \d+$/m);
  });
});

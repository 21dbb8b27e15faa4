import { thresholds } from '../../../test/fixtures/in-memory-evidence';
import type { FilesystemStats, HostEvidence, HostStats } from '../../sources/host-evidence';
import { findHostPressure } from './host-pressure';

const evidence = (hosts: HostStats[], filesystems: FilesystemStats[] = []): HostEvidence => ({
  hosts,
  filesystems,
  queries: {
    cpuBusy: 'cpuBusy',
    memoryAvailable: 'memoryAvailable',
    memoryTotal: 'memoryTotal',
    diskAvailable: 'diskAvailable',
    diskSize: 'diskSize',
  },
});

describe('host pressure checks', () => {
  it.each([
    [
      'CPU: warns at 85% busy',
      evidence([{ instance: 'db-1', cpuBusyRatio: 0.85 }]),
      [['host.cpu-pressure', 'warning', 'db-1: CPU 85% busy']],
    ],
    [
      'CPU: critical at 97% busy',
      evidence([{ instance: 'db-1', cpuBusyRatio: 0.97 }]),
      [['host.cpu-pressure', 'critical', 'db-1: CPU 97% busy']],
    ],
    [
      'memory: critical at 3% available',
      evidence([{ instance: 'db-1', memoryAvailableRatio: 0.03, memoryTotalBytes: 8 * 1024 ** 3 }]),
      [['host.memory-pressure', 'critical', 'db-1: 3% memory available of 8 GiB']],
    ],
    [
      'disk: warns at 8% free',
      evidence(
        [],
        [
          {
            instance: 'db-1',
            mountpoint: '/var/lib/postgresql',
            availableRatio: 0.08,
            sizeBytes: 100 * 1024 ** 3,
          },
        ],
      ),
      [['host.disk-pressure', 'warning', 'db-1 /var/lib/postgresql: 8% free of 100 GiB']],
    ],
    [
      'a healthy host has no finding',
      evidence(
        [{ instance: 'db-1', cpuBusyRatio: 0.3, memoryAvailableRatio: 0.6 }],
        [{ instance: 'db-1', mountpoint: '/', availableRatio: 0.7 }],
      ),
      [],
    ],
  ])('%s', (_title, e, expected) => {
    expect(findHostPressure(e, thresholds()).map((f) => [f.check, f.severity, f.title])).toEqual(expected);
  });
});

import { statfs } from 'node:fs/promises';
import type { Mount } from './mounts';

export interface FilesystemStats extends Mount {
  /** Set when statfs failed for this mount (node_exporter's node_filesystem_device_error). */
  deviceError: boolean;
  sizeBytes: number;
  freeBytes: number;
  availBytes: number;
  files: number;
  filesFree: number;
}

export type Statfs = (
  path: string,
) => Promise<{ bsize: number; blocks: number; bfree: number; bavail: number; files: number; ffree: number }>;

/**
 * statfs(2) for each mount, as node_exporter does: size = blocks×bsize, free = bfree×bsize (including
 * the root-reserved blocks), avail = bavail×bsize (what unprivileged users can still write). A mount
 * that fails (permission, a gone NFS server) is reported with deviceError and zero sizes instead of
 * failing the whole collector.
 */
export async function readFilesystemStats(
  mounts: readonly Mount[],
  stat: Statfs = statfs,
): Promise<FilesystemStats[]> {
  return Promise.all(
    mounts.map(async (mount): Promise<FilesystemStats> => {
      try {
        const s = await stat(mount.mountpoint);
        return {
          ...mount,
          deviceError: false,
          sizeBytes: s.blocks * s.bsize,
          freeBytes: s.bfree * s.bsize,
          availBytes: s.bavail * s.bsize,
          files: s.files,
          filesFree: s.ffree,
        };
      } catch {
        return {
          ...mount,
          deviceError: true,
          sizeBytes: 0,
          freeBytes: 0,
          availBytes: 0,
          files: 0,
          filesFree: 0,
        };
      }
    }),
  );
}

export interface Mount {
  device: string;
  mountpoint: string;
  fstype: string;
  readonly: boolean;
}

/**
 * node_exporter's defaults (collector/filesystem_linux.go, v1.12): pseudo and virtual filesystems and
 * container storage are not disks, and statfs on them either means nothing or can hang.
 */
export const DEFAULT_MOUNT_POINTS_EXCLUDE =
  '^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)';
export const DEFAULT_FS_TYPES_EXCLUDE =
  '^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|' +
  'overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|erofs|sysfs|tracefs)$';

/** /proc/mounts escapes space, tab, newline and backslash as octal (\040, \011, \012, \134); see fstab(5). */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** Parses /proc/mounts (`device mountpoint fstype options dump pass`). A mount point seen twice keeps the last entry, the one that is visible. */
export function parseMounts(text: string): Mount[] {
  const byMountpoint = new Map<string, Mount>();
  for (const line of text.split('\n')) {
    const [device, mountpoint, fstype, options] = line.trim().split(/\s+/);
    if (device === undefined || mountpoint === undefined || fstype === undefined || options === undefined)
      continue;
    const mount = {
      device: unescapeMountField(device),
      mountpoint: unescapeMountField(mountpoint),
      fstype,
      readonly: options.split(',').includes('ro'),
    };
    byMountpoint.delete(mount.mountpoint);
    byMountpoint.set(mount.mountpoint, mount);
  }
  return [...byMountpoint.values()];
}

/** Keeps the mounts that are real filesystems according to the exclusion patterns. */
export function filterMounts(
  mounts: readonly Mount[],
  exclude: { mountPoints: RegExp; fsTypes: RegExp },
): Mount[] {
  return mounts.filter((m) => !exclude.mountPoints.test(m.mountpoint) && !exclude.fsTypes.test(m.fstype));
}

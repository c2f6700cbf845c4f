import type { Invocation } from '../scanner/invocation.js';
import { isDevicePath, isRootOrSystemDir, isSystemPath } from '../scanner/paths.js';
import type { Finding } from '../scanner/scope.js';
import { caution, dangerous, type Rule, type RuleTable, safe } from './rule.js';

/**
 * Disks and filesystems (decision 0017): listing is safe; mounting and resizing up are
 * caution; anything that formats, partitions, wipes or destroys a device, volume or pool is
 * dangerous.
 */
function operands(inv: Invocation): string[] {
  return inv.args.filter((a) => a.value === null || !a.value.startsWith('-')).map((a) => a.value ?? a.raw);
}

function flags(inv: Invocation): string[] {
  return inv.args.filter((a) => a.value?.startsWith('-')).map((a) => a.value!);
}

const destroysDevice =
  (family: string, message: string): Rule =>
  (inv) =>
    dangerous(inv, `${family}.destroy`, message, {
      target: operands(inv).find((o) => o.startsWith('/dev/')) ?? operands(inv)[0] ?? null,
    });

const wipeSignatures = destroysDevice('wipefs', 'Erases filesystem signatures: the data becomes unreachable.');

const listOnly =
  (family: string, message: string): Rule =>
  (inv) =>
    safe(inv, `${family}.read`, message);

/** Partition editors: listing flags are safe; anything else rewrites a partition table. */
function partitioner(family: string, listFlags: RegExp, listVerbs?: RegExp): Rule {
  return (inv) => {
    const ops = operands(inv);
    if (
      flags(inv).some((f) => listFlags.test(f)) ||
      (listVerbs && ops.slice(1).every((o) => listVerbs.test(o)) && ops.length > 1)
    ) {
      return safe(inv, `${family}.list`, 'Lists partitions.');
    }
    return dangerous(
      inv,
      `${family}.partition`,
      'Edits a partition table; a mistake loses every filesystem on the disk.',
      { target: ops.find((o) => isDevicePath(o)) ?? ops[0] ?? null },
    );
  };
}

const mount: Rule = (inv) => {
  const ops = operands(inv);
  if (ops.length === 0 && !flags(inv).some((f) => /^(-a|--all)$/.test(f)))
    return safe(inv, 'mount.list', 'Lists mounts.');
  const options = inv.args.find((_a, i) => inv.args[i - 1]?.value === '-o')?.value ?? '';
  if (/\bremount\b/.test(options) && ops.some((o) => o === '/'))
    return caution(inv, 'mount.remount-root', 'Remounts the root filesystem with new options.', { target: '/' });
  const mountPoint = ops[ops.length - 1];
  if (mountPoint !== undefined && ops.length >= 2 && (isRootOrSystemDir(mountPoint) || isSystemPath(mountPoint))) {
    return dangerous(inv, 'mount.over-system', `Mounts over ${mountPoint}, hiding the system files there.`, {
      target: mountPoint,
    });
  }
  return caution(inv, 'mount.mount', 'Mounts a filesystem.', { target: ops[ops.length - 1] ?? null });
};

const umount: Rule = (inv) => {
  const ops = operands(inv);
  if (ops.some((o) => isRootOrSystemDir(o)) || flags(inv).some((f) => /^(-a|--all)$/.test(f))) {
    return dangerous(inv, 'umount.system', 'Unmounts the root, a system directory or every filesystem.', {
      target: ops[0] ?? null,
    });
  }
  return caution(inv, 'umount.unmount', 'Unmounts a filesystem; processes using it fail.', { target: ops[0] ?? null });
};

const fsck: Rule = (inv) =>
  flags(inv).some((f) => /^-[a-zA-Z]*n/.test(f) || f === '--dry-run')
    ? safe(inv, 'fsck.check', 'Checks without repairing.')
    : caution(inv, 'fsck.repair', 'Checks and repairs a filesystem (it must be unmounted).', {
        target: operands(inv)[0] ?? null,
      });

/** mdadm, lvm, zfs: read verbs are safe; destructive verbs dangerous; the rest caution. */
function volumeTool(family: string, read: RegExp, destroy: RegExp): Rule {
  return (inv): Finding[] => {
    const words = [...flags(inv), ...operands(inv)];
    const target = operands(inv).slice(-1)[0] ?? null;
    if (words.some((w) => destroy.test(w)))
      return dangerous(inv, `${family}.destroy`, `${family}: destroys a volume, array or pool, or its data.`, {
        target,
      });
    if (words.length === 0 || words.some((w) => read.test(w)))
      return safe(inv, `${family}.read`, `${family} only reports.`);
    return caution(inv, `${family}.change`, `${family} changes storage configuration.`, { target });
  };
}

export const diskRules: RuleTable = {
  mkfs: destroysDevice('mkfs', 'Formats the device: every file on it is lost.'),
  mke2fs: destroysDevice('mkfs', 'Formats the device: every file on it is lost.'),
  mkswap: destroysDevice('mkswap', 'Formats the device as swap: its contents are lost.'),
  wipefs: (inv, ctx) =>
    flags(inv).some((f) => /^-[a-zA-Z]*a|^--all|^-o|^--offset/.test(f)) &&
    !flags(inv).some((f) => /^(-n|--no-act)$/.test(f))
      ? wipeSignatures(inv, ctx)
      : safe(inv, 'wipefs.list', 'Lists filesystem signatures.'),
  blkdiscard: destroysDevice('blkdiscard', 'Discards every block on the device.'),
  fdisk: partitioner('fdisk', /^(-l|--list|-x|--list-details)$/),
  sfdisk: partitioner('sfdisk', /^(-l|--list|-d|--dump|-s|--show-size|-V|--verify|-J|--json)$/),
  gdisk: partitioner('gdisk', /^(-l)$/),
  sgdisk: partitioner('sgdisk', /^(-p|--print|-v|--verify|-i|--info)$/),
  parted: partitioner('parted', /^(-l|--list)$/, /^(print|p|help|unit|version)$/),
  growpart: (inv) => caution(inv, 'growpart.grow', 'Grows a partition.', { target: operands(inv)[0] ?? null }),
  lsblk: listOnly('lsblk', 'Lists block devices.'),
  blkid: listOnly('blkid', 'Lists block device attributes.'),
  findmnt: listOnly('findmnt', 'Lists mounts.'),
  smartctl: (inv) =>
    flags(inv).some((f) => /^(-t|--test|-s|--smart|-o|--offlineauto|-S|--saveauto|-X|--abort)/.test(f))
      ? caution(inv, 'smartctl.change', 'Starts a self-test or changes SMART settings.')
      : safe(inv, 'smartctl.read', 'Reads SMART data.'),
  hdparm: (inv) =>
    flags(inv).some((f) =>
      /--security-erase|--security-set-pass|--trim-sector-ranges|--write-sector|--fwdownload|--make-bad-sector/.test(f),
    )
      ? dangerous(inv, 'hdparm.destroy', 'Erases or writes raw sectors.')
      : flags(inv).some((f) => /^-[a-zA-Z]*[IiCgt]$/.test(f))
        ? safe(inv, 'hdparm.read', 'Reads drive information.')
        : caution(inv, 'hdparm.change', 'Changes drive settings.'),
  nvme: (inv) => {
    const verb = operands(inv)[0] ?? '';
    if (/^(format|sanitize|delete-ns|detach-ns|fw-download|fw-commit|write|write-zeroes)$/.test(verb))
      return dangerous(inv, 'nvme.destroy', `nvme ${verb} erases or rewrites the drive.`);
    if (
      /^(list|id-ctrl|id-ns|smart-log|error-log|fw-log|list-ns|list-ctrl|show-regs|get-feature|version|help)$/.test(
        verb,
      )
    )
      return safe(inv, 'nvme.read', 'Reads drive information.');
    return caution(inv, 'nvme.change', `nvme ${verb} changes drive state.`);
  },
  mount,
  umount,
  swapon: (inv) =>
    flags(inv).some((f) => /^(-s|--summary|--show)$/.test(f)) || inv.args.length === 0
      ? safe(inv, 'swap.list', 'Lists swap.')
      : caution(inv, 'swap.change', 'Enables swap.'),
  swapoff: (inv) => caution(inv, 'swap.change', 'Disables swap; memory pressure may rise sharply.'),
  fsck,
  e2fsck: fsck,
  xfs_repair: (inv) =>
    flags(inv).some((f) => f === '-n')
      ? safe(inv, 'xfs_repair.check', 'Checks without repairing.')
      : flags(inv).some((f) => f === '-L')
        ? dangerous(inv, 'xfs_repair.zero-log', 'Zeroes the log: recent changes are lost.')
        : caution(inv, 'xfs_repair.repair', 'Repairs a filesystem.'),
  xfs_growfs: (inv) =>
    flags(inv).some((f) => f === '-n')
      ? safe(inv, 'xfs.read', 'Shows geometry.')
      : caution(inv, 'xfs_growfs.grow', 'Grows a filesystem.'),
  xfs_info: listOnly('xfs', 'Shows geometry.'),
  resize2fs: (inv) =>
    flags(inv).some((f) => f === '-P')
      ? safe(inv, 'resize2fs.estimate', 'Estimates the minimum size.')
      : caution(inv, 'resize2fs.resize', 'Resizes a filesystem; shrinking below the data loses it.'),
  tune2fs: (inv) =>
    flags(inv).every((f) => f === '-l')
      ? safe(inv, 'tune2fs.read', 'Lists superblock settings.')
      : caution(inv, 'tune2fs.change', 'Changes filesystem settings.'),
  dumpe2fs: listOnly('dumpe2fs', 'Prints filesystem metadata.'),
  debugfs: (inv) =>
    flags(inv).some((f) => f === '-w')
      ? dangerous(inv, 'debugfs.write', 'Edits filesystem structures directly.')
      : caution(inv, 'debugfs.read', 'Opens a filesystem debugger.'),
  losetup: (inv) =>
    flags(inv).some((f) => /^(-a|--all|-l|--list|-j)$/.test(f)) || inv.args.length === 0
      ? safe(inv, 'losetup.list', 'Lists loop devices.')
      : caution(inv, 'losetup.change', 'Attaches or detaches loop devices.'),
  cryptsetup: (inv) => {
    const verb = operands(inv)[0] ?? '';
    if (/^(luksFormat|erase|luksErase|reencrypt|luksKillSlot|luksRemoveKey)$/.test(verb))
      return dangerous(inv, 'cryptsetup.destroy', `cryptsetup ${verb} destroys keys or data.`);
    if (/^(status|luksDump|isLuks|luksUUID|benchmark|tcryptDump|bitlkDump)$/.test(verb))
      return safe(inv, 'cryptsetup.read', 'Reads volume information.');
    return caution(inv, 'cryptsetup.change', `cryptsetup ${verb} changes an encrypted volume.`);
  },
  mdadm: volumeTool(
    'mdadm',
    /^(--detail|-D|--examine|-E|--query|-Q|--detail-platform|--monitor|--scan)$/,
    /^(--create|-C|--zero-superblock|--fail|-f|--remove|-r|--stop|-S|--grow|-G)$/,
  ),
  pvs: listOnly('lvm', 'Lists physical volumes.'),
  vgs: listOnly('lvm', 'Lists volume groups.'),
  lvs: listOnly('lvm', 'Lists logical volumes.'),
  pvdisplay: listOnly('lvm', 'Shows physical volumes.'),
  vgdisplay: listOnly('lvm', 'Shows volume groups.'),
  lvdisplay: listOnly('lvm', 'Shows logical volumes.'),
  pvscan: listOnly('lvm', 'Scans physical volumes.'),
  vgscan: listOnly('lvm', 'Scans volume groups.'),
  lvscan: listOnly('lvm', 'Scans logical volumes.'),
  lvcreate: (inv) => caution(inv, 'lvm.create', 'Creates a logical volume.'),
  lvextend: (inv) => caution(inv, 'lvm.extend', 'Grows a logical volume.'),
  vgextend: (inv) => caution(inv, 'lvm.extend', 'Adds a disk to a volume group.'),
  pvcreate: destroysDevice('lvm', 'Initialises a disk for LVM, overwriting what is on it.'),
  vgcreate: (inv) => caution(inv, 'lvm.create', 'Creates a volume group.'),
  lvresize: (inv) =>
    inv.args.some(
      (a, i) =>
        /^-L-|^--size=-|^-l-|^--extents=-/.test(a.value ?? '') ||
        (/^(-L|-l|--size|--extents)$/.test(inv.args[i - 1]?.value ?? '') && (a.value ?? '').startsWith('-')),
    )
      ? dangerous(inv, 'lvm.shrink', 'Shrinks a logical volume: data past the new end is lost.')
      : caution(inv, 'lvm.resize', 'Resizes a logical volume.'),
  lvreduce: destroysDevice('lvm', 'Shrinks a logical volume: data past the new end is lost.'),
  lvremove: destroysDevice('lvm', 'Removes a logical volume and its data.'),
  vgremove: destroysDevice('lvm', 'Removes a volume group and its volumes.'),
  pvremove: destroysDevice('lvm', 'Removes LVM labels from a disk.'),
  vgreduce: (inv) => caution(inv, 'lvm.reduce', 'Removes a disk from a volume group.'),
  zpool: volumeTool(
    'zpool',
    /^(status|list|iostat|history|get|events)$/,
    /^(destroy|labelclear|remove|detach|offline|split)$/,
  ),
  zfs: volumeTool('zfs', /^(list|get|holds|userspace|groupspace|diff)$/, /^(destroy|rollback|promote)$/),
};

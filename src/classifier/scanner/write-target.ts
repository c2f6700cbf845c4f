import type { RiskLevel } from '../types.js';
import {
  isAccessControlFile,
  isDevicePath,
  isHarmlessTarget,
  isKernelPath,
  isNetworkPseudoDevice,
  isSystemPath,
  normalisePath,
} from './paths.js';

export type WriteMode = 'overwrite' | 'append' | 'edit';

export interface WriteVerdict {
  level: RiskLevel;
  ruleId: string;
  message: string;
}

/**
 * How risky writing to a path is. Shared by redirections, tee, cp/mv/install destinations,
 * dd of=, sed -i and friends, so every writer follows one policy (see docs/decisions).
 * Rule ids are `<prefix>.<kind>` (`redirect.system-path`, `tee.device`).
 * Returns null when the write changes nothing (`/dev/null`, stdout).
 */
export function classifyWrite(path: string | null, mode: WriteMode, prefix = 'write'): WriteVerdict | null {
  const verdict = classifyWriteKind(path, mode);
  return verdict && { ...verdict, ruleId: `${prefix}.${verdict.ruleId}` };
}

function classifyWriteKind(path: string | null, mode: WriteMode): WriteVerdict | null {
  if (path === null) {
    return {
      level: 'caution',
      ruleId: 'dynamic-path',
      message: 'Writes to a file whose name is only known at run time.',
    };
  }
  if (isHarmlessTarget(path)) return null;
  if (isNetworkPseudoDevice(path)) {
    return { level: 'caution', ruleId: 'network', message: `Sends the output over the network (${path}).` };
  }
  if (isAccessControlFile(path)) {
    return {
      level: 'dangerous',
      ruleId: 'access-control',
      message: `Writes ${path}, which decides who can log in or become root.`,
    };
  }
  if (isDevicePath(path)) {
    return {
      level: 'dangerous',
      ruleId: 'device',
      message: `Writes straight to the device ${path}, destroying what is on it.`,
    };
  }
  if (isKernelPath(path)) {
    return {
      level: 'dangerous',
      ruleId: 'kernel-interface',
      message: `Writes to the kernel interface ${path}, an immediate host-wide change.`,
    };
  }
  const normal = normalisePath(path);
  if (isSystemPath(normal)) {
    if (mode === 'overwrite') {
      return {
        level: 'dangerous',
        ruleId: 'system-path',
        message: `Overwrites the system file ${path}; a bad write can break the host.`,
      };
    }
    return {
      level: 'caution',
      ruleId: mode === 'append' ? 'system-path-append' : 'system-path-edit',
      message: `${mode === 'append' ? 'Appends to' : 'Edits'} the system file ${path}.`,
    };
  }
  return {
    level: 'caution',
    ruleId: mode === 'append' ? 'append-file' : 'file',
    message: `${mode === 'append' ? 'Appends to' : mode === 'edit' ? 'Edits' : 'Writes'} the file ${path}.`,
  };
}

/**
 * A copy into `host:/path` (scp, rsync): the same policy, applied on the remote host
 * (decision 0023). `host:/etc/nginx/nginx.conf` overwrites a system file there: dangerous.
 * Returns null for a local destination, a relative remote path, or an ordinary file.
 */
export function classifyRemoteWrite(destination: string, prefix: string): WriteVerdict | null {
  const remote = /^(?:[^@/:\s]+@)?(\[[^\]]+\]|[^/:\s]+):(?!:)(.*)$/.exec(destination.replace(/^["']|["']$/g, ''));
  if (!remote) return null;
  const [, host, path = ''] = remote;
  if (!path.startsWith('/')) return null;
  const verdict = classifyWriteKind(path, 'overwrite');
  if (verdict?.level !== 'dangerous') return null;
  return {
    ...verdict,
    ruleId: `${prefix}.remote-${verdict.ruleId}`,
    message: `${verdict.message.replace(/\.$/, '')} on ${host}.`,
  };
}

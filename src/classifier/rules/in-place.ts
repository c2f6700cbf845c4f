import type { Invocation } from '../scanner/invocation.js';
import type { Finding } from '../scanner/scope.js';
import { displayOf, type Word } from '../scanner/word.js';
import { classifyWrite } from '../scanner/write-target.js';
import { finding } from './rule.js';

/**
 * In-place edits go through the write policy (decision 0019) whoever makes them (sed -i,
 * awk -i inplace, perl -i): an access-control file (sshd_config, /etc/passwd) is dangerous.
 */
export function inPlaceEdits(inv: Invocation, family: string, files: readonly Word[]): Finding[] {
  if (files.length === 0) return [finding(inv, 'caution', `${family}.in-place`, 'Edits files in place.')];
  return files.flatMap((file) => {
    const w = classifyWrite(file.value, 'edit', family);
    if (!w) return [];
    const level = w.level === 'dangerous' ? 'dangerous' : 'caution';
    return [
      finding(inv, level, `${family}.in-place`, `Edits ${displayOf(file)} in place.`, { target: displayOf(file) }),
    ];
  });
}

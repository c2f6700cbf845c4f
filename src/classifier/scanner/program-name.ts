/** Directories whose programs are the ordinary ones: `/usr/bin/rm` is rm. */
const STANDARD_BIN_DIRS = new Set([
  '/bin',
  '/sbin',
  '/usr/bin',
  '/usr/sbin',
  '/usr/local/bin',
  '/usr/local/sbin',
  '/usr/lib/postgresql/bin',
]);

export interface ProgramName {
  /** The name rules are keyed by (`rm` for `/bin/rm`, `\rm`, `"rm"`). */
  name: string;
  /** A path that is not a standard program location (`./fix.sh`, `/opt/x/run`): its effect is unseen. */
  isScriptPath: boolean;
}

export function programNameOf(value: string): ProgramName {
  const slash = value.lastIndexOf('/');
  if (slash < 0) return { name: value, isScriptPath: false };
  const dir = value.slice(0, slash).replace(/\/+$/, '') || '/';
  const base = value.slice(slash + 1);
  if (STANDARD_BIN_DIRS.has(dir.replace(/\/+/g, '/')) && base) return { name: base, isScriptPath: false };
  return { name: value, isScriptPath: true };
}

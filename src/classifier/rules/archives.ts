import type { Invocation } from '../scanner/invocation.js';
import { isRootOrSystemDir, isSecretFile, isSystemPath } from '../scanner/paths.js';
import type { Finding } from '../scanner/scope.js';
import type { Word } from '../scanner/word.js';
import { classifyWrite } from '../scanner/write-target.js';
import { caution, dangerous, finding, type Rule, type RuleTable, safe, unknown } from './rule.js';

/** tar short options that take the next word as their value. */
const TAR_VALUED_SHORT = new Set(['f', 'C', 'T', 'X', 'b', 'g', 'H', 'K', 'L', 'N', 'V', 'I']);
const TAR_MODES: Record<string, 'create' | 'extract' | 'list' | 'append' | 'diff' | 'delete'> = {
  c: 'create',
  x: 'extract',
  t: 'list',
  r: 'append',
  u: 'append',
  A: 'append',
  d: 'diff',
  '--create': 'create',
  '--extract': 'extract',
  '--get': 'extract',
  '--list': 'list',
  '--append': 'append',
  '--update': 'append',
  '--concatenate': 'append',
  '--catenate': 'append',
  '--diff': 'diff',
  '--compare': 'diff',
  '--delete': 'delete',
};

interface TarCall {
  mode: string | null;
  archive: string | null | undefined;
  directory: string | null | undefined;
  absoluteNames: boolean;
  runsPrograms: boolean;
}

function parseTar(args: readonly Word[]): TarCall {
  const call: TarCall = {
    mode: null,
    archive: undefined,
    directory: undefined,
    absoluteNames: false,
    runsPrograms: false,
  };
  const take = (i: number): string | null => args[i]?.value ?? null;
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value ?? '';
    const oldStyle = i === 0 && /^[a-zA-Z]+$/.test(v);
    if (v.startsWith('--')) {
      const [name, value] = v.split(/=(.*)/s) as [string, string | undefined];
      if (TAR_MODES[name]) call.mode = TAR_MODES[name];
      if (name === '--file') call.archive = value ?? take(++i);
      if (name === '--directory') call.directory = value ?? take(++i);
      if (name === '--absolute-names') call.absoluteNames = true;
      // --to-command, --use-compress-program and friends: their programs are classified by option-effects.ts.
      continue;
    }
    if (!(v.startsWith('-') || oldStyle) || v === '-') continue;
    const letters = oldStyle ? v : v.slice(1);
    let consumed = 0;
    for (const c of letters) {
      if (TAR_MODES[c]) call.mode = TAR_MODES[c];
      if (c === 'P') call.absoluteNames = true;
      // `-I prog` / `-Iprog` are classified by option-effects.ts; `I` inside a cluster (`-xIf`) is not.
      if (c === 'I' && letters.indexOf('I') > 0) call.runsPrograms = true;
      if (TAR_VALUED_SHORT.has(c)) {
        consumed++;
        const value = take(i + consumed);
        if (c === 'f') call.archive = value;
        if (c === 'C') call.directory = value;
      }
    }
    i += consumed;
  }
  return call;
}

/**
 * tar (decision 0019): listing is safe; creating writes an archive (caution, or per the
 * write policy for system paths); extracting is caution, dangerous into / or a system
 * directory or with absolute names; options that run programs are unknown.
 */
const tar: Rule = (inv) => {
  const call = parseTar(inv.args);
  if (call.runsPrograms) return unknown(inv, 'tar.runs-program', 'An option makes tar run another program.');
  const target = call.archive ?? null;
  switch (call.mode) {
    case 'list':
    case 'diff':
      return safe(inv, 'tar.list', 'Lists or compares archive contents.');
    case 'create': {
      if (call.archive === undefined || call.archive === '-')
        return safe(inv, 'tar.create-stdout', 'Writes an archive to stdout.');
      const w = classifyWrite(call.archive, 'overwrite', 'tar');
      return w
        ? [finding(inv, w.level, w.ruleId, `Creates the archive ${call.archive ?? '?'}.`, { target })]
        : safe(inv, 'tar.create-stdout', 'Writes an archive nowhere.');
    }
    case 'extract': {
      const dir = call.directory;
      if (call.absoluteNames)
        return dangerous(
          inv,
          'tar.extract-absolute',
          'Extracts with absolute names: files can land anywhere on the host.',
          { target },
        );
      if (dir === null)
        return dangerous(inv, 'tar.extract-dynamic', 'Extracts into a directory known only at run time.', { target });
      if (dir !== undefined && (isRootOrSystemDir(dir) || isSystemPath(dir))) {
        return dangerous(inv, 'tar.extract-system', `Extracts over ${dir}, overwriting system files.`, { target: dir });
      }
      return caution(
        inv,
        'tar.extract',
        `Extracts files into ${dir ?? 'the working directory'}, overwriting existing ones.`,
        { target: dir ?? target },
      );
    }
    case 'append':
    case 'delete':
      return caution(inv, 'tar.modify', 'Changes an existing archive.', { target });
    default:
      return unknown(inv, 'tar.no-mode', 'No tar mode (create, extract, list) could be read.');
  }
};

function flagsOf(inv: Invocation): string[] {
  return inv.args.filter((a) => a.value?.startsWith('-')).map((a) => a.value!);
}

const unzip: Rule = (inv) => {
  const flags = flagsOf(inv);
  if (flags.some((f) => /^-[a-zA-Z]*[lvtZp]/.test(f))) {
    // `unzip -p backup.zip .env` prints a credential file out of the archive (decision 0027).
    const member = inv.args.find(
      (a, i) => i > 0 && a.value !== null && !a.value.startsWith('-') && isSecretFile(a.value),
    );
    if (member && flags.some((f) => /^-[a-zA-Z]*[pc]/.test(f)))
      return caution(inv, 'secret.file', `Prints ${member.value}, a credential file, from the archive.`, {
        target: member.value,
      });
    return safe(inv, 'unzip.list', 'Lists, tests or prints archive contents.');
  }
  const dirIndex = inv.args.findIndex((a) => a.value === '-d');
  const dir = dirIndex >= 0 ? (inv.args[dirIndex + 1]?.value ?? null) : undefined;
  if (dir === null || (dir !== undefined && (isRootOrSystemDir(dir) || isSystemPath(dir)))) {
    return dangerous(inv, 'unzip.extract-system', `Extracts over ${dir ?? 'a directory known only at run time'}.`, {
      target: dir ?? null,
    });
  }
  return caution(
    inv,
    'unzip.extract',
    `Extracts files into ${dir ?? 'the working directory'}${flags.some((f) => /o/.test(f)) ? ', overwriting without asking' : ''}.`,
    { target: dir ?? null },
  );
};

/** gzip and friends replace the input file unless told to write to stdout or only test. */
function compressor(family: string): Rule {
  return (inv): Finding[] => {
    const flags = flagsOf(inv);
    if (
      flags.some((f) => /^(-[a-zA-Z]*[ctl]|--stdout|--to-stdout|--list|--test)$/.test(f)) ||
      inv.args.every((a) => a.value?.startsWith('-'))
    ) {
      return safe(inv, `${family}.stdout`, 'Writes to stdout or only tests.');
    }
    return caution(inv, `${family}.replace`, 'Replaces files with their (de)compressed versions.', {
      target:
        inv.args
          .filter((a) => !(a.value ?? '').startsWith('-'))
          .map((a) => a.value ?? a.raw)
          .join(' ') || null,
    });
  };
}

export const archiveRules: RuleTable = {
  tar,
  gtar: tar,
  bsdtar: tar,
  unzip,
  zip: (inv) =>
    flagsOf(inv).some((f) => f === '-sf' || f === '--show-files')
      ? safe(inv, 'zip.list', 'Lists what would be archived.')
      : caution(inv, 'zip.create', 'Writes an archive.', {
          target: inv.args.find((a) => !(a.value ?? '').startsWith('-'))?.value ?? null,
        }),
  gzip: compressor('gzip'),
  gunzip: compressor('gunzip'),
  bzip2: compressor('bzip2'),
  bunzip2: compressor('bunzip2'),
  xz: compressor('xz'),
  unxz: compressor('unxz'),
  zstd: compressor('zstd'),
  unzstd: compressor('unzstd'),
  lz4: compressor('lz4'),
  pigz: compressor('pigz'),
  '7z': (inv) =>
    /^[lt]$/.test(inv.args[0]?.value ?? '')
      ? safe(inv, '7z.list', 'Lists or tests an archive.')
      : caution(inv, '7z.change', 'Extracts or writes archives.'),
  cpio: (inv) =>
    flagsOf(inv).some((f) => /^-[a-zA-Z]*t/.test(f))
      ? safe(inv, 'cpio.list', 'Lists an archive.')
      : caution(inv, 'cpio.change', 'Extracts or writes an archive.'),
};

import type { Invocation } from '../scanner/invocation.js';
import { isDevicePath, isRootOrSystemDir, isSystemPath, isTempPath } from '../scanner/paths.js';
import type { Finding } from '../scanner/scope.js';
import { displayOf, type Word } from '../scanner/word.js';
import { classifyRemoteWrite, classifyWrite, type WriteMode } from '../scanner/write-target.js';
import { argParser, type ParsedArgs } from './args.js';
import { asksForHelp, helpFinding } from './common.js';
import { caution, dangerous, finding, type Rule, type RuleTable, safe } from './rule.js';

/** Files named on the command line (positionals and everything after `--`). */
function operands(p: ParsedArgs): Word[] {
  return [...p.positionals, ...p.rest];
}

function writeFinding(inv: Invocation, word: Word, mode: WriteMode, family: string): Finding | null {
  const w = classifyWrite(word.value, mode, family);
  return w && finding(inv, w.level, w.ruleId, w.message, { target: displayOf(word), at: word });
}

/** Lists produced at run time (xargs, find -exec, $(…)) make any deletion a bulk deletion. */
function producedAtRunTime(inv: Invocation, words: readonly Word[]): boolean {
  return inv.fanOut || words.some((w) => w.hasSubstitution);
}

const rmArgs = argParser({ valued: ['--interactive', '--preserve-root'] });

/**
 * rm (see docs/decisions/0002-rm-levels.md): deleting named files is caution; recursive
 * deletion, system paths, run-time lists and expansions that may be empty are dangerous;
 * recursive deletion of a named scratch path under /tmp is caution.
 */
const rm: Rule = (inv) => {
  if (asksForHelp(inv.args)) return helpFinding(inv, 'rm');
  const p = rmArgs.parse(inv.args);
  const targets = operands(p);
  const recursive = p.has('-r', '-R', '--recursive');
  const target = targets.map(displayOf).join(' ') || null;
  if (producedAtRunTime(inv, targets)) {
    return dangerous(inv, 'rm.bulk', 'Deletes a list of files produced at run time; the list cannot be reviewed.', {
      target,
    });
  }
  if (targets.length === 0) return safe(inv, 'rm.nothing', 'Names nothing to delete.');
  const system = targets.find((t) => t.value !== null && (isSystemPath(t.value) || isRootOrSystemDir(t.value)));
  if (system) {
    return dangerous(
      inv,
      'rm.system-path',
      `Deletes ${system.value}, part of the operating system or a top-level directory.`,
      {
        target: system.value,
        at: system,
      },
    );
  }
  if (p.has('--no-preserve-root'))
    return dangerous(inv, 'rm.no-preserve-root', 'Disables the protection against deleting /.', { target });
  if (recursive) {
    const dynamic = targets.find((t) => t.value === null);
    if (dynamic) {
      return dangerous(
        inv,
        'rm.recursive-dynamic',
        `Recursively deletes ${dynamic.raw}; if it expands to nothing or /, the damage is total.`,
        {
          target: dynamic.raw,
          at: dynamic,
        },
      );
    }
    if (targets.every((t) => t.value !== null && !t.hasGlob && isTempPath(t.value))) {
      return caution(inv, 'rm.recursive-temp', `Recursively deletes the scratch path ${target}.`, { target });
    }
    return dangerous(inv, 'rm.recursive', `Recursively deletes ${target}; there is no undo.`, { target });
  }
  const everything = targets.find((t) => t.hasGlob && /(^|\/)\.?\*$/.test(t.raw));
  if (everything) {
    return dangerous(inv, 'rm.every-file', `Deletes every file matching ${everything.raw}; there is no undo.`, {
      target: everything.raw,
    });
  }
  return caution(inv, 'rm.file', `Deletes ${target}; there is no undo, but only the named files are affected.`, {
    target,
  });
};

const unlink: Rule = (inv) => {
  const file = inv.args.find((a) => a.value === null || !a.value.startsWith('-'));
  if (!file) return safe(inv, 'unlink.nothing', 'Names nothing to delete.');
  if (file.value !== null && isSystemPath(file.value)) {
    return dangerous(inv, 'unlink.system-path', `Deletes the system file ${file.value}.`, {
      target: file.value,
      at: file,
    });
  }
  return caution(inv, 'unlink.file', `Deletes ${displayOf(file)}.`, { target: displayOf(file) });
};

const rmdir: Rule = (inv) => {
  const dirs = operands(rmArgs.parse(inv.args));
  return caution(inv, 'rmdir.dir', 'Removes empty directories.', { target: dirs.map(displayOf).join(' ') || null });
};

const copyArgs = argParser({
  valued: [
    '-t',
    '--target-directory',
    '-S',
    '--suffix',
    '--backup',
    '--reflink',
    '--sparse',
    '--preserve',
    '--no-preserve',
    '--sort',
    '-m',
    '--mode',
    '-o',
    '--owner',
    '-g',
    '--group',
  ],
});

/** cp, mv, install, ln: the destination is overwritten; mv also removes its sources. */
function copier(family: string, removesSource: boolean): Rule {
  return (inv) => {
    if (asksForHelp(inv.args)) return helpFinding(inv, family);
    const p = copyArgs.parse(inv.args);
    const files = operands(p);
    const targetDir = p.get('-t', '--target-directory');
    const destination = targetDir?.word ?? files[files.length - 1];
    const sources = targetDir ? files : files.slice(0, -1);
    const findings: Finding[] = [];
    if (destination) {
      const w = writeFinding(inv, destination, 'overwrite', family);
      if (w) findings.push(w);
    }
    if (removesSource) {
      for (const s of sources) {
        if (s.value !== null && isSystemPath(s.value)) {
          findings.push(
            finding(
              inv,
              'dangerous',
              `${family}.system-source`,
              `Moves ${s.value} away from where the system expects it.`,
              { target: s.value, at: s },
            ),
          );
        }
      }
    }
    for (const s of sources) {
      if (
        s.value !== null &&
        isDevicePath(s.value) &&
        destination?.value &&
        !destination.value.startsWith('/dev/null')
      ) {
        findings.push(
          finding(inv, 'caution', `${family}.device-image`, `Copies the raw device ${s.value}.`, { at: s }),
        );
      }
    }
    if (findings.length === 0) {
      findings.push(
        finding(inv, 'caution', `${family}.copy`, `${family} changes files.`, {
          target: destination ? displayOf(destination) : null,
        }),
      );
    }
    return findings;
  };
}

const createArgs = argParser({
  valued: ['-m', '--mode', '-d', '--date', '-r', '--reference', '-t', '--context', '-Z'],
});

/** mkdir, touch, mkfifo, mknod: create things; writing into system paths is more than that. */
function creator(family: string, message: string): Rule {
  return (inv) => {
    const files = operands(createArgs.parse(inv.args));
    const system = files.find((f) => f.value !== null && isSystemPath(f.value) && !isRootOrSystemDir(f.value));
    return caution(inv, `${family}.create`, message, {
      target: files.map(displayOf).join(' ') || null,
      at: system ?? null,
    });
  };
}

/** Octal with the "others" digit granting write, or a symbolic clause giving o/a write. */
function isWorldWritable(mode: string): boolean {
  if (/^[0-7]{3,4}$/.test(mode)) return '2367'.includes(mode[mode.length - 1]!);
  return mode.split(',').some((clause) => {
    const m = /^([ugoa]*)([+=])([rwxXst]*)$/.exec(clause);
    return m !== null && /[oa]/.test(m[1]!) && m[3]!.includes('w');
  });
}

function grantsSetuid(mode: string): boolean {
  if (/^[0-7]{4}$/.test(mode)) return /[2-7]/.test(mode[0]!) && mode[0] !== '1';
  return mode.split(',').some((clause) => /^[ugoa]*[+=][rwxXt]*s/.test(clause));
}

const modeArgs = argParser({ valued: ['--reference', '--from'] });

/**
 * chmod/chown/chgrp: caution; dangerous when recursive over / or system directories, or
 * when chmod makes things world-writable recursively or on system files.
 */
function permissionChanger(family: string): Rule {
  return (inv) => {
    if (asksForHelp(inv.args)) return helpFinding(inv, family);
    // chmod accepts modes like -w that look like options; treat a leading `-[rwxXst]+` as the mode.
    const args =
      family === 'chmod'
        ? inv.args.map((a) => (a.value !== null && /^-[rwxXst]+$/.test(a.value) ? { ...a, value: `a${a.value}` } : a))
        : inv.args;
    const p = modeArgs.parse(args);
    const recursive = p.has('-R', '--recursive');
    const [spec, ...paths] = operands(p);
    const target = paths.map(displayOf).join(' ') || null;
    const systemTarget = paths.find((t) => t.value !== null && (isRootOrSystemDir(t.value) || isSystemPath(t.value)));
    const worldWritable = family === 'chmod' && spec?.value != null && isWorldWritable(spec.value);
    if (recursive && (systemTarget || paths.some((t) => t.value === null))) {
      return dangerous(
        inv,
        `${family}.recursive-system`,
        `Recursively changes ${family === 'chmod' ? 'permissions' : 'ownership'} under ${systemTarget?.value ?? target}.`,
        { target },
      );
    }
    if (family === 'chmod' && spec?.value != null && grantsSetuid(spec.value)) {
      return dangerous(
        inv,
        'chmod.setuid',
        `Sets the setuid/setgid bit on ${target}: it then runs with its owner's privileges.`,
        { target },
      );
    }
    if (worldWritable && (recursive || systemTarget)) {
      return dangerous(
        inv,
        'chmod.world-writable',
        `Makes ${target} writable by every user${recursive ? ', recursively' : ''}.`,
        { target },
      );
    }
    if (producedAtRunTime(inv, paths) && recursive) {
      return dangerous(
        inv,
        `${family}.bulk-recursive`,
        'Recursively changes permissions on a list produced at run time.',
        { target },
      );
    }
    return caution(
      inv,
      `${family}.change`,
      `Changes ${family === 'chmod' ? 'permissions' : 'ownership'} of ${target ?? 'files'}${recursive ? ' recursively' : ''}.`,
      { target },
    );
  };
}

const truncate: Rule = (inv) => {
  const p = argParser({ valued: ['-s', '--size', '-r', '--reference', '-o'] }).parse(inv.args);
  const files = operands(p);
  const findings = files.flatMap((f) => {
    const w = classifyWrite(f.value, 'overwrite', 'truncate');
    if (!w) return [];
    const level = w.level === 'dangerous' ? 'dangerous' : 'caution';
    return [
      finding(
        inv,
        level,
        w.level === 'dangerous' ? w.ruleId : 'truncate.file',
        `Discards the content of ${displayOf(f)}; it cannot be recovered.`,
        { target: displayOf(f), at: f },
      ),
    ];
  });
  return findings.length > 0 ? findings : caution(inv, 'truncate.file', 'Truncates files.');
};

const shred: Rule = (inv) => {
  const files = operands(
    argParser({ valued: ['-n', '--iterations', '-s', '--size', '--random-source', '--remove'] }).parse(inv.args),
  );
  return dangerous(
    inv,
    'shred.file',
    `Overwrites ${files.map(displayOf).join(' ') || 'files'} so they can never be recovered.`,
    {
      target: files.map(displayOf).join(' ') || null,
    },
  );
};

/** dd if=… of=…: the output decides; no of= writes to stdout. */
const dd: Rule = (inv) => {
  const of = inv.args.find((a) => a.value?.startsWith('of=') || a.raw.startsWith('of='));
  if (!of) return safe(inv, 'dd.read', 'Copies to stdout only.');
  const path = of.value === null ? null : of.value.slice(3);
  const w = classifyWrite(path, 'overwrite', 'dd');
  if (!w) return safe(inv, 'dd.discard', 'Writes to a discard target only.');
  return [finding(inv, w.level, w.ruleId, w.message, { target: path ?? of.raw, at: of })];
};

const tee: Rule = (inv) => {
  const p = argParser({ valued: ['--output-error'] }).parse(inv.args);
  const mode: WriteMode = p.has('-a', '--append') ? 'append' : 'overwrite';
  const findings = operands(p).flatMap((f) => writeFinding(inv, f, mode, 'tee') ?? []);
  return findings.length > 0 ? findings : safe(inv, 'tee.passthrough', 'Passes its input through to stdout.');
};

const patch: Rule = (inv) =>
  inv.args.some((a) => a.value === '--dry-run' || a.value === '-C' || a.value === '--check')
    ? safe(inv, 'patch.dry-run', 'Checks a patch without changing files.')
    : caution(inv, 'patch.apply', 'Edits files by applying a patch.');

export const fileWriterRules: RuleTable = {
  rm,
  unlink,
  rmdir,
  cp: copier('cp', false),
  mv: copier('mv', true),
  install: copier('install', false),
  ln: copier('ln', false),
  rsync: (inv, ctx) => {
    // -e/--rsh names the remote shell command: it runs locally.
    const rsh = rsyncArgs.parse(inv.args).get('-e', '--rsh');
    const shell = rsh?.value ? ctx.scanScript({ text: rsh.value, offsetBase: null, fallbackSpan: inv.span }) : [];
    return [...shell.filter((f) => f.level !== 'safe' && f.ruleId !== 'session.interactive'), ...rsyncRule(inv)];
  },
  mkdir: creator('mkdir', 'Creates directories.'),
  touch: creator('touch', 'Creates files or updates their timestamps.'),
  mkfifo: creator('mkfifo', 'Creates a named pipe.'),
  mknod: creator('mknod', 'Creates a device or special file.'),
  mktemp: (inv) => safe(inv, 'mktemp.create', 'Creates a new, empty, uniquely named temporary file or directory.'),
  chmod: permissionChanger('chmod'),
  chown: permissionChanger('chown'),
  chgrp: permissionChanger('chgrp'),
  chattr: (inv) => caution(inv, 'chattr.change', 'Changes file attributes (such as immutability).'),
  setfacl: (inv) =>
    inv.args.some((a) => a.value === '-R' || a.value === '--recursive')
      ? dangerous(inv, 'setfacl.recursive', 'Recursively rewrites access control lists.')
      : caution(inv, 'setfacl.change', 'Changes access control lists.'),
  truncate,
  shred,
  dd,
  tee,
  patch,
  split: (inv) => caution(inv, 'split.write', 'Writes the pieces to new files.'),
  csplit: (inv) => caution(inv, 'csplit.write', 'Writes the pieces to new files.'),
  sync: (inv) => safe(inv, 'sync.flush', 'Flushes file system buffers to disk.'),
};

const rsyncArgs = argParser({
  valued: [
    '-e',
    '--rsh',
    '--exclude',
    '--include',
    '--exclude-from',
    '--include-from',
    '--files-from',
    '-f',
    '--filter',
    '--bwlimit',
    '--timeout',
    '--port',
    '--log-file',
    '--partial-dir',
    '--temp-dir',
    '-T',
    '--backup-dir',
    '--suffix',
    '--chmod',
    '--chown',
    '--max-size',
    '--min-size',
    '--rsync-path',
    '--compare-dest',
    '--link-dest',
    '--copy-dest',
    '--password-file',
    '--out-format',
    '--info',
    '--debug',
    '-B',
    '--block-size',
    '--max-delete',
    '-M',
    '--remote-option',
  ],
});

/** rsync: -n is a dry run; --delete* and --remove-source-files lose data; otherwise caution. */
function rsyncRule(inv: Invocation): Finding[] {
  const p = rsyncArgs.parse(inv.args);
  const files = operands(p);
  const destination = files[files.length - 1];
  const target = destination ? displayOf(destination) : null;
  if (p.has('-n', '--dry-run', '--list-only'))
    return safe(inv, 'rsync.dry-run', 'Dry run: lists what would be transferred.');
  const deleting = [...p.options.keys()].find(
    (k) => k.startsWith('--delete') || k === '--remove-source-files' || k === '--del',
  );
  if (deleting) {
    return dangerous(
      inv,
      'rsync.delete',
      `${deleting} deletes files at ${target ?? 'the destination'} that are not in the source.`,
      { target },
    );
  }
  if (destination?.value && !destination.value.includes(':')) {
    const w = writeFinding(inv, destination, 'overwrite', 'rsync');
    if (w && w.level === 'dangerous') return [w];
  }
  const remote = destination && files.length > 1 ? classifyRemoteWrite(displayOf(destination), 'rsync') : null;
  if (remote) return [finding(inv, remote.level, remote.ruleId, remote.message, { target })];
  return caution(inv, 'rsync.copy', `Copies files to ${target ?? 'the destination'}, overwriting what is there.`, {
    target,
  });
}

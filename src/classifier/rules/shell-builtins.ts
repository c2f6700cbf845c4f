import type { Finding } from '../scanner/scope.js';
import { SECRET_NAME, scanScriptWords } from './common.js';
import { caution, finding, type Rule, type RuleTable, safe, unknown } from './rule.js';

/** Builtins that only read or change the shell's own state. */
const SHELL_STATE_ONLY: Record<string, string> = {
  cd: 'Changes the working directory.',
  pushd: 'Changes the working directory.',
  popd: 'Changes the working directory.',
  dirs: 'Lists the directory stack.',
  pwd: 'Prints the working directory.',
  true: 'Does nothing.',
  false: 'Does nothing.',
  ':': 'Does nothing.',
  test: 'Evaluates a test expression.',
  '[': 'Evaluates a test expression.',
  '[[': 'Evaluates a test expression.',
  exit: 'Exits the shell.',
  logout: 'Exits the shell.',
  return: 'Returns from a function.',
  shopt: 'Sets shell options.',
  shift: 'Shifts positional parameters.',
  read: 'Reads a line into a variable.',
  mapfile: 'Reads lines into an array.',
  readarray: 'Reads lines into an array.',
  getopts: 'Parses options.',
  let: 'Evaluates arithmetic.',
  local: 'Declares a local variable.',
  declare: 'Declares a variable.',
  typeset: 'Declares a variable.',
  export: 'Exports a variable.',
  readonly: 'Marks a variable read-only.',
  unset: 'Unsets a variable.',
  sleep: 'Waits.',
  wait: 'Waits for background jobs.',
  jobs: 'Lists background jobs.',
  fg: 'Brings a job to the foreground.',
  bg: 'Resumes a job in the background.',
  disown: 'Detaches a job from the shell.',
  times: 'Prints process times.',
  type: 'Describes how a name resolves.',
  which: 'Shows where a program is.',
  whereis: 'Shows where a program is.',
  help: 'Prints help.',
  info: 'Shows documentation.',
  whatis: 'Shows a one-line description.',
  apropos: 'Searches manual pages.',
  compgen: 'Lists completions.',
  unalias: 'Removes an alias.',
  umask: 'Sets the shell’s file-creation mask.',
  clear: 'Clears the terminal.',
  reset: 'Resets the terminal.',
  tput: 'Queries the terminal.',
  stty: 'Sets terminal options.',
  tty: 'Prints the terminal name.',
  yes: 'Prints a string repeatedly.',
  seq: 'Prints a sequence of numbers.',
  expr: 'Evaluates an expression.',
  bc: 'Evaluates arithmetic.',
  basename: 'Prints part of a path.',
  dirname: 'Prints part of a path.',
  realpath: 'Resolves a path.',
  readlink: 'Resolves a symbolic link.',
  pathchk: 'Checks a path name.',
  cal: 'Prints a calendar.',
  numfmt: 'Formats numbers.',
  'command-not-found': 'Suggests packages.',
};

function stateOnly(message: string): Rule {
  return (inv) => safe(inv, 'shell.builtin', message);
}

/** Prints its arguments: safe, unless it prints a secret-looking variable. */
const echo: Rule = (inv) => {
  const secret = inv.args.find((a) => a.hasVariable && secretVariableIn(a.raw));
  if (secret) {
    return caution(inv, 'secret.variable', `Prints ${secret.raw}, which looks like a credential.`, { at: secret });
  }
  return safe(inv, 'shell.echo', 'Prints text.');
};

/** `set` alone prints every variable; with options it only changes the shell. */
const set: Rule = (inv) =>
  inv.args.length === 0
    ? caution(inv, 'secret.environment', 'Prints every shell variable; tokens and passwords often live there.')
    : safe(inv, 'shell.builtin', 'Sets shell options.');

export function secretVariableIn(raw: string): boolean {
  for (const m of raw.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) if (SECRET_NAME.test(m[1]!)) return true;
  return false;
}

const evalRule: Rule = (inv, ctx) => {
  if (inv.args.length === 0) return safe(inv, 'shell.builtin', 'Does nothing.');
  return [
    finding(inv, 'safe', 'shell.eval', 'Evaluates its arguments as a command (classified below).'),
    ...scanScriptWords(inv, ctx, inv.args, 'eval'),
  ];
};

/**
 * `source <(kubectl completion bash)`: a CLI's own completion script only defines shell
 * functions for tab completion (decision 0027). Only these well-known generators count.
 */
const COMPLETION =
  /^<\(\s*(kubectl|oc|helm|kind|minikube|flux|argocd|gh|glab|istioctl|velero|k3d|eksctl|stern|kustomize|cilium|hubble|kubeadm|crictl|nerdctl|docker|podman|doctl|linkerd|skaffold|talosctl|clusterctl|cmctl|rclone|restic|yq|k9s|kn|tkn)\s+completion\s+(bash|zsh)\s*\)$/;

const source: Rule = (inv) => {
  const file = inv.args[0];
  if (file && inv.args.length === 1 && COMPLETION.test(file.raw))
    return safe(inv, 'shell.completion', 'Loads a CLI’s tab completion functions into this shell.');
  if (file?.substitutionOrigins.some((o) => o === 'remote' || o === 'decoded')) {
    return [
      finding(inv, 'dangerous', 'exec.remote-code', 'Sources code fetched at run time into the shell.', { at: file }),
    ];
  }
  return unknown(
    inv,
    'shell.source',
    `Runs the commands in ${file?.raw ?? 'a file'} in this shell; their content is unseen.`,
    {
      target: file?.value ?? null,
    },
  );
};

/** `trap '<cmd>' SIGNAL`: the handler is a script that will run later. */
const trap: Rule = (inv, ctx) => {
  const handler = inv.args[0];
  if (
    !handler ||
    handler.value === null ||
    handler.value === '-' ||
    handler.value === '' ||
    handler.value.startsWith('-')
  ) {
    return safe(inv, 'shell.trap', 'Lists or resets signal handlers.');
  }
  return [
    finding(inv, 'safe', 'shell.trap', 'Sets a signal handler (classified below).'),
    ...scanScriptWords(inv, ctx, [handler], 'trap'),
  ];
};

/** `alias ls='rm -rf /'`: the alias body runs whenever the name is used. */
const alias: Rule = (inv, ctx) => {
  const definitions = inv.args.filter((a) => a.value?.includes('=') ?? true);
  if (definitions.length === 0) return safe(inv, 'shell.alias-list', 'Lists aliases.');
  const findings: Finding[] = [];
  for (const def of definitions) {
    if (def.value === null) {
      findings.push(
        ...unknown(inv, 'shell.alias', 'Defines an alias whose body is only known at run time.', { at: def }),
      );
      continue;
    }
    const eq = def.value.indexOf('=');
    const body = def.value.slice(eq + 1);
    findings.push(
      finding(
        inv,
        'caution',
        'shell.alias',
        `Redefines ${def.value.slice(0, eq)}, so later commands may not be what they seem.`,
        {
          at: def,
        },
      ),
      ...ctx.scanScript({ text: body, offsetBase: null, fallbackSpan: def.span }),
    );
  }
  return findings;
};

const history: Rule = (inv) =>
  inv.args.some((a) => a.value !== null && /^-[cdwarns]/.test(a.value))
    ? caution(inv, 'shell.history-write', 'Clears or rewrites the shell history.')
    : safe(inv, 'shell.history', 'Prints the shell history.');

const ulimit: Rule = (inv) => {
  const setsValue = inv.args.some((a) => a.value === null || /^\d+$|^unlimited$/.test(a.value));
  return setsValue
    ? caution(inv, 'shell.ulimit-set', 'Changes resource limits for this shell and its children.')
    : safe(inv, 'shell.ulimit', 'Prints resource limits.');
};

const enable: Rule = (inv) =>
  inv.args.length === 0 || inv.args.every((a) => a.value === '-a' || a.value === '-p')
    ? safe(inv, 'shell.builtin', 'Lists builtins.')
    : caution(inv, 'shell.enable', 'Enables or disables shell builtins, changing what later names run.');

/** man: -P/-H name a pager or browser, classified by option-effects.ts; a run-time argument could be one. */
const man: Rule = (inv) =>
  inv.args.some((a) => a.value === null)
    ? unknown(inv, 'man.pager', 'An argument known only at run time could name a pager or browser program.')
    : safe(inv, 'shell.builtin', 'Shows a manual page.');

const stateRules: Record<string, Rule> = {};
for (const [name, message] of Object.entries(SHELL_STATE_ONLY)) stateRules[name] = stateOnly(message);

/** `hash -p /bin/rm ls` makes every later `ls` run rm (decision 0027): the names that follow mean something else. */
const hash: Rule = (inv) =>
  inv.args.some((a) => a.value === null || /^-[a-zA-Z]*p/.test(a.value))
    ? unknown(inv, 'shell.hash-remap', 'Remaps a command name to another program for the rest of the script.', {
        target: inv.args[inv.args.length - 1]?.value ?? null,
      })
    : safe(inv, 'shell.builtin', 'Shows or clears the command hash table.');

/** `complete -C 'cmd' name` runs cmd whenever name is completed: classified like an alias body. */
const complete: Rule = (inv, ctx) => {
  const at = inv.args.findIndex((a) => a.value === '-C');
  const command = at < 0 ? undefined : inv.args[at + 1];
  if (!command) return safe(inv, 'shell.builtin', 'Sets completions.');
  return [
    finding(inv, 'caution', 'shell.completion-command', 'Sets a command that runs on every completion of the name.'),
    ...scanScriptWords(inv, ctx, [command], 'complete'),
  ];
};

export const shellBuiltinRules: RuleTable = {
  ...stateRules,
  hash,
  complete,
  echo,
  printf: echo,
  set,
  man,
  eval: evalRule,
  source,
  '.': source,
  trap,
  alias,
  history,
  ulimit,
  enable,
};

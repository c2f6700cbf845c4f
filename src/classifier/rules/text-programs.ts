import type { Invocation } from '../scanner/invocation.js';
import type { Finding } from '../scanner/scope.js';
import type { Word } from '../scanner/word.js';
import { classifyWrite } from '../scanner/write-target.js';
import { awkEffects } from './awk-program.js';
import { asksForHelp, helpFinding, SECRET_NAME } from './common.js';
import { secretFiles } from './file-readers.js';
import { inPlaceEdits } from './in-place.js';
import { finding, type Rule, type RuleContext, type RuleTable, safe, unknown } from './rule.js';
import { sedEffects } from './sed-script.js';

interface SedCall {
  scripts: Word[];
  scriptFile: Word | null;
  inPlace: boolean;
  sandbox: boolean;
  files: Word[];
}

function parseSed(args: readonly Word[]): SedCall {
  const call: SedCall = { scripts: [], scriptFile: null, inPlace: false, sandbox: false, files: [] };
  const positionals: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const v = w.value;
    if (v === null || !v.startsWith('-') || v === '-') {
      positionals.push(w);
      continue;
    }
    if (v === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (v.startsWith('--')) {
      const [name, value] = v.split(/=(.*)/s) as [string, string | undefined];
      if (name === '--in-place') call.inPlace = true;
      else if (name === '--sandbox') call.sandbox = true;
      else if (name === '--expression')
        call.scripts.push(value !== undefined ? { ...w, value, valueOffset: null } : (args[++i] ?? w));
      else if (name === '--file') call.scriptFile = value !== undefined ? w : (args[++i] ?? w);
      else if (name === '--line-length' && value === undefined) i++;
      continue;
    }
    for (let j = 1; j < v.length; j++) {
      const c = v[j]!;
      if (c === 'i') {
        call.inPlace = true; // the rest of the cluster is a backup suffix (`-i.bak`, and the classic `-ie`)
        break;
      }
      if (c === 'e' || c === 'f' || c === 'l') {
        const attached = v.slice(j + 1);
        const value: Word = attached ? { ...w, value: attached, valueOffset: null } : (args[++i] ?? w);
        if (c === 'e') call.scripts.push(value);
        else if (c === 'f') call.scriptFile = value;
        break;
      }
    }
  }
  if (call.scripts.length === 0 && !call.scriptFile) {
    const script = positionals.shift();
    if (script) call.scripts.push(script);
  }
  call.files = positionals;
  return call;
}

/** sed prints to stdout unless it edits in place (-i), writes (w) or executes (e). */
const sed: Rule = (inv) => {
  if (asksForHelp(inv.args)) return helpFinding(inv, 'sed');
  const call = parseSed(inv.args);
  const findings: Finding[] = [];
  if (call.inPlace) findings.push(...inPlaceEdits(inv, 'sed', call.files));
  if (call.scriptFile && !call.sandbox) {
    findings.push(
      finding(
        inv,
        'unknown',
        'sed.script-file',
        `Runs the sed script in ${call.scriptFile.raw}, which may write files or run commands.`,
      ),
    );
  }
  for (const script of call.scripts) {
    if (script.value === null) {
      findings.push(finding(inv, 'unknown', 'sed.dynamic-script', 'The sed script is only known at run time.'));
      continue;
    }
    if (call.sandbox) continue;
    const effects = sedEffects(script.value);
    if (!effects.understood)
      findings.push(finding(inv, 'unknown', 'sed.unparsed', 'The sed script could not be followed.'));
    if (effects.executes)
      findings.push(finding(inv, 'unknown', 'sed.execute', 'The sed script runs shell commands (e).'));
    for (const file of effects.writes) {
      const w = classifyWrite(file, 'overwrite', 'sed');
      if (w) findings.push(finding(inv, w.level, w.ruleId, w.message, { target: file }));
    }
  }
  findings.push(...secretFiles(inv, call.files));
  return findings.length > 0 ? findings : safe(inv, 'sed.print', 'Prints transformed text to stdout only.');
};

const AWK_VALUED = new Set([
  '-F',
  '-v',
  '-f',
  '-e',
  '-i',
  '-E',
  '-l',
  '--field-separator',
  '--assign',
  '--file',
  '--source',
  '--include',
  '--exec',
  '--load',
]);

/** awk prints to stdout unless its program writes files, pipes to commands or calls system(). */
const awk: Rule = (inv, ctx) => {
  if (asksForHelp(inv.args)) return helpFinding(inv, 'awk');
  let program: Word | null = null;
  let programFile: Word | null = null;
  let inPlace = false;
  let sandbox = false;
  const files: Word[] = [];
  for (let i = 0; i < inv.args.length; i++) {
    const w = inv.args[i]!;
    const v = w.value;
    if (v?.startsWith('-') && v !== '-' && files.length === 0 && program === null) {
      const name = v.startsWith('--') ? v.split('=')[0]! : v.slice(0, 2);
      const attached = v.startsWith('--')
        ? v.includes('=')
          ? v.slice(v.indexOf('=') + 1)
          : null
        : v.length > 2
          ? v.slice(2)
          : null;
      const value = AWK_VALUED.has(name)
        ? attached !== null
          ? { ...w, value: attached, valueOffset: null }
          : inv.args[++i]
        : undefined;
      if (name === '-S' || name === '--sandbox') sandbox = true;
      if (name === '-f' || name === '--file' || name === '-E' || name === '--exec') programFile = value ?? w;
      if (name === '-e' || name === '--source') program = value ?? null;
      if ((name === '-i' || name === '--include') && value?.value === 'inplace') inPlace = true;
      continue;
    }
    if (program === null && programFile === null) program = w;
    else if (v === null || !/^[A-Za-z_]\w*=/.test(v)) files.push(w);
  }
  const findings: Finding[] = [];
  if (inPlace) findings.push(...inPlaceEdits(inv, 'awk', files));
  if (programFile)
    findings.push(
      finding(
        inv,
        'unknown',
        'awk.program-file',
        `Runs the awk program in ${programFile.raw}, whose content is unseen.`,
      ),
    );
  if (program && !sandbox) findings.push(...awkProgramFindings(inv, ctx, program));
  findings.push(...secretFiles(inv, files));
  return findings.length > 0 ? findings : safe(inv, 'awk.print', 'Prints computed text to stdout only.');
};

function awkProgramFindings(inv: Invocation, ctx: RuleContext, program: Word): Finding[] {
  if (program.value === null) return unknown(inv, 'awk.dynamic-program', 'The awk program is only known at run time.');
  const effects = awkEffects(program.value);
  const findings: Finding[] = awkSecretEnvironment(inv, program.value);
  if (effects.opaque)
    findings.push(finding(inv, 'unknown', 'awk.include', 'The awk program loads other code (@include/@load).'));
  for (const { file, append } of effects.writes) {
    const w = classifyWrite(file, append ? 'append' : 'overwrite', 'awk');
    if (w) findings.push(finding(inv, w.level, w.ruleId, w.message, { target: file }));
  }
  for (const { command, fed } of effects.commands) {
    if (command === null) {
      findings.push(finding(inv, 'unknown', 'awk.command', 'The awk program runs a shell command built at run time.'));
    } else {
      // `print | "cmd"` feeds awk's output to cmd: an interpreter there runs unseen text.
      const stdin = fed ? ({ kind: 'command', origin: 'unknown', span: program.span } as const) : undefined;
      findings.push(...ctx.scanScript({ text: command, offsetBase: null, fallbackSpan: program.span, stdin }));
    }
  }
  return findings;
}

/** `ENVIRON["AWS_SECRET_ACCESS_KEY"]` or a loop over ENVIRON prints credentials (decision 0003). */
function awkSecretEnvironment(inv: Invocation, program: string): Finding[] {
  const names = [...program.matchAll(/ENVIRON\s*\[\s*"([^"]*)"\s*\]/g)].map((m) => m[1]!);
  const loops = /\bin\s+ENVIRON\b|ENVIRON\s*\[\s*[A-Za-z_]/.test(program);
  if (!loops && !names.some((n) => SECRET_NAME.test(n))) return [];
  return [
    finding(
      inv,
      'caution',
      'secret.environment',
      'The awk program prints environment variables that look like credentials.',
    ),
  ];
}

export const textProgramRules: RuleTable = { sed, gsed: sed, awk, gawk: awk, mawk: awk, nawk: awk };

import type { Code } from 'mdast';
import { fenced } from '../normalise/fence.js';
import type { DropReason } from '../types.js';
import { newDraft, type StepDraft } from './draft.js';
import { type CodeLanguage, codeLanguage } from './language.js';
import { exitBlockCount, sessionLine } from './sessions.js';
import { splitConsoleBlock } from './shell/prompts.js';
import { analyseShellBlock, type BlockCommand, type ShellBlock } from './shell/split-block.js';
import type { StepBuilder } from './step-builder.js';
import { baseTitle } from './step-sink.js';
import { type Piece, sourceOf, titleFrom } from './text.js';
import { isBareIntro, oneLine, runTitle } from './titles.js';

/**
 * Code blocks: which commands they hold and which step each goes to. The first command
 * under an instruction is its command; any other command (a second block in the same list
 * item, a second line) is a step of its own, never a silent overwrite.
 */
export class CodeReader {
  constructor(private readonly reader: StepBuilder) {}

  read(node: Code, explicitIntro: StepDraft | null): void {
    const r = this.reader;
    const exits = exitBlockCount(node.value);
    if (exits > 0) {
      r.exitIntro = 0;
      for (const line of node.value.split('\n')) if (line.trim()) r.dropSession(line.replace(/^.*?[$#>]\s+/, ''));
      return;
    }
    r.releaseExitIntro();
    if (r.kind === 'context') {
      r.releaseHeldNote();
      this.dropBlock(node, 'context-section');
      return;
    }
    if (r.kind === 'variables') {
      this.variablesBlock(node);
      return;
    }
    const console = splitConsoleBlock(node.value);
    if (console) {
      this.read({ ...node, value: console.shell, lang: 'console' }, explicitIntro);
      // Each line typed into redis-cli is a command of its own; SQL statements may span lines.
      const typed =
        console.language === 'redis' ? console.console.split('\n').filter((l) => l.trim()) : [console.console];
      for (const value of typed) this.read({ ...node, value, lang: console.language }, null);
      return;
    }
    const language = codeLanguage(node);
    const intro = usable(explicitIntro) ?? r.introStep();
    const isRollback = r.awaitingRollback || /\b(?:rollback|undo)\b/i.test(node.meta ?? '');
    r.awaitingRollback = false;
    if (!language.isShell) this.query(node, language, intro, isRollback);
    else this.shell(node, language, intro, isRollback);
    r.lastWasCode = true;
  }

  /** PromQL, SQL, YAML …: a step to run or apply by hand, or a sample under the step above. */
  private query(node: Code, language: CodeLanguage, intro: StepDraft | null, isRollback: boolean): void {
    const r = this.reader;
    const markdown = sourceOf(r.markdown, node);
    if (r.kind === 'prerequisites' || language.language === 'text' || isRollback) {
      this.attachSample(markdown, intro);
      return;
    }
    const step = intro ?? r.newCodeStep(withoutConsolePrompt(node.value.trim()), null, 'query', markdown);
    if (intro) intro.text.push(markdown);
    step.language = language.language;
    step.isShell = false;
    step.code = node.value;
    step.concrete = true;
    if (step.origin !== 'instruction') step.origin = 'query';
    r.previous = step;
  }

  private shell(node: Code, language: CodeLanguage, intro: StepDraft | null, isRollback: boolean): void {
    const r = this.reader;
    const markdown = sourceOf(r.markdown, node);
    const block = shellBlockOf(node);
    r.defs.assignments(block.assignments);
    const script = block.commands.map((c) => c.command).join('\n');
    if (r.defs.intro && script && r.defs.takeIntroCommand(script)) return;
    if (r.kind === 'prerequisites') {
      r.releaseHeldNote();
      const last = r.defs.prerequisites.at(-1);
      if (last && !last.command) last.command = script || null;
      else if (script) r.defs.push(`Run \`${oneLine(script)}\``, script);
      return;
    }
    if (isRollback) {
      r.releaseHeldNote();
      this.rollbackCommand(script, markdown);
      return;
    }
    const runnable = block.commands.filter((c) => sessionLine(c.command) === null);
    if (runnable.length === 0) {
      for (const entry of block.commands) r.dropSession(entry.command);
      this.noCommand(block, markdown, intro);
      return;
    }
    this.commandSteps(block, language.language, markdown, intro);
  }

  private commandSteps(block: ShellBlock, language: string, markdown: string, intro: StepDraft | null): void {
    const r = this.reader;
    const continued = r.lastWasCode && !intro && !r.heldNote ? r.previous : null;
    let base: string | null = intro ? baseTitle(intro.title) : null;
    let introUsed = false;
    let step: StepDraft | null = null;
    for (const entry of block.commands) {
      if (sessionLine(entry.command)) {
        r.dropSession(entry.command);
        continue;
      }
      if (intro && !introUsed) {
        introUsed = true;
        step = intro;
        intro.text.push(markdown);
        if (isBareIntro(intro.title)) intro.title = r.fallbackTitle(entry.command, entry.comment);
      } else if (step === null && continued?.command) {
        // A title made from the step's own command ("Run `x`") does not name the next block's command.
        base = baseTitle(continued.title).startsWith('Run `') ? null : baseTitle(continued.title);
        step = this.extraStep(entry, base, language, markdown);
      } else if (step === null) {
        const held = r.heldNote;
        step = r.newCodeStep(entry.command, entry.comment, 'command', markdown);
        if (held) base = baseTitle(step.title);
      } else step = this.extraStep(entry, base, language, null);
      r.setCommand(step, entry.command, language);
    }
    if (step && block.elided) {
      step.issues.push({
        text: '...',
        question: 'The code block leaves lines out with `...`. What exactly should be run or changed there?',
      });
    }
    r.previous = step ?? r.previous;
  }

  /** Another command of the same block or item: titled by its comment, else like the one before it. */
  private extraStep(entry: BlockCommand, base: string | null, language: string, markdown: string | null): StepDraft {
    const title = entry.comment ? titleFrom(entry.comment) : (base ?? runTitle(entry.command));
    return this.reader.addStep(
      newDraft({ title, origin: 'command', text: [markdown ?? fenced(entry.command, language)] }),
    );
  }

  /** A block with no command left: a sample for the step above, or a TODO to ask about. */
  private noCommand(block: ShellBlock, markdown: string, intro: StepDraft | null): void {
    const r = this.reader;
    this.attachSample(markdown, intro);
    if (intro && block.commands.length > 0) intro.concrete = true;
    const todo = block.comments.find((c) => /^(?:todo|tbd|fixme)\b/i.test(c));
    const target = intro ?? r.sink.steps.at(-1);
    if (todo && target && target.section === r.section) {
      target.concrete = true; // the TODO below says it better than "which command?"
      target.issues.push({
        text: `# ${todo}`,
        question: 'The code block has no command yet, only a TODO comment. What command should be run here?',
      });
    }
  }

  /** Output samples and the like: part of the step they illustrate. */
  private attachSample(markdown: string, intro: StepDraft | null): void {
    const r = this.reader;
    if (intro) {
      intro.text.push(markdown);
      r.previous = intro;
      return;
    }
    r.releaseHeldNote();
    r.sink.addNote(markdown);
  }

  /** Code in a Variables section: assignments define, anything else is dropped with the reason. */
  private variablesBlock(node: Code): void {
    const block = shellBlockOf(node);
    this.reader.defs.assignments(block.assignments);
    for (const entry of block.commands) this.reader.drop(entry.command, 'variables-section');
  }

  /** The commands of a shell block that makes no step (under Meaning or Impact). */
  dropBlock(node: Code, reason: DropReason): void {
    if (!codeLanguage(node).isShell) return;
    const block = shellBlockOf(node);
    for (const entry of block.commands) this.reader.drop(entry.command, reason);
  }

  // ── rollback ────────────────────────────────────────────────────────────────────────

  rollbackFrom(pieces: Piece[], markdown: string): void {
    const r = this.reader;
    r.releaseHeldNote();
    const code = pieces.find((p): p is Extract<Piece, { kind: 'code' }> => p.kind === 'code');
    if (code) this.rollbackCommand(code.value, markdown);
    else {
      const target = this.lastCommandStep();
      if (target) target.text.push(markdown);
      else r.sink.addNote(markdown);
      r.awaitingRollback = target !== null;
    }
  }

  private rollbackCommand(command: string, markdown: string): void {
    const r = this.reader;
    const target = this.lastCommandStep();
    if (!target) {
      r.sink.addNote(markdown);
      if (command.trim()) r.drop(command.trim(), 'rollback-without-step');
      return;
    }
    target.rollback = target.rollback ? `${target.rollback}\n${command}` : command;
    target.text.push(markdown);
    r.previous = target;
  }

  /** The step a rollback line undoes: the last one with a command, in this section. */
  private lastCommandStep(): StepDraft | null {
    const steps = this.reader.sink.steps;
    for (let i = steps.length - 1; i >= 0; i--) {
      const step = steps[i]!;
      if (step.section !== this.reader.section) return null;
      if (step.command) return step;
    }
    return null;
  }
}

function usable(step: StepDraft | null): StepDraft | null {
  return step && !step.command && !step.language ? step : null;
}

/** An untagged or console block may be a root terminal (`# cmd`); a `bash` one comments with `#`. */
function shellBlockOf(node: Code): ShellBlock {
  const console = !node.lang || /^(?:console|shell-session|sh-session|shellsession|terminal)$/i.test(node.lang);
  return analyseShellBlock(node.value, { rootPrompts: console });
}

/** `PS C:\> Get-Service W3SVC` is titled by what is typed, not by the prompt. */
function withoutConsolePrompt(code: string): string {
  return code.replace(/^(?:PS(?: [A-Za-z]:\\[^>]*)?>|[A-Za-z]:\\[^>\n]*>)\s*/, '');
}

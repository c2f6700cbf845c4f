import { DomainError } from '../../lib/errors.js';
import { sha256Hex } from '../../lib/hashing.js';
import { parseMetadata } from '../metadata.js';
import { type NormalisedRunbook, normalise } from '../normalise/index.js';
import type { CompiledRunbook, CompileOptions, RunbookMetadata } from '../types.js';
import { finaliseRunbook } from './finalise.js';
import { type BuiltRunbook, buildSteps } from './step-builder.js';

export const NO_STEP_MESSAGE =
  'No actionable step found: looked for shell commands (code blocks, `$ ` prompt lines, inline code such as `kubectl get pods` in a list item), ' +
  'numbered or bulleted instructions ("Check …", "Restart …", "See …"), and text under headings such as Diagnosis, Mitigation or Steps, and found none.';

/** A runbook read and validated, before any compiler looks at its steps. */
export interface PreparedRunbook {
  normalised: NormalisedRunbook;
  metadata: RunbookMetadata;
  sha256: string;
  fileName: string | undefined;
}

/** Normalise and validate front matter. Throws `runbook_empty` / `runbook_invalid`. */
export function prepareRunbook(text: string, options: CompileOptions = {}): PreparedRunbook {
  const sha256 = sha256Hex(text);
  if (text.trim() === '') {
    throw new DomainError('runbook_empty', 'The runbook is empty: there is no text to compile.', { sha256 });
  }
  const normalised = normalise(text, options);
  return { normalised, metadata: parseMetadata(normalised.frontMatter), sha256, fileName: options.fileName };
}

/**
 * The deterministic compiler: any pasted runbook → typed steps, with no LLM, in
 * milliseconds. The same text always gives the same result (ids in document order, no
 * clock). Throws `runbook_invalid` for bad front matter and `runbook_empty` when nothing
 * in the text can be acted on.
 */
export function compileRunbook(text: string, options: CompileOptions = {}): CompiledRunbook {
  return compilePrepared(prepareRunbook(text, options));
}

export function compilePrepared(prepared: PreparedRunbook, built = buildPrepared(prepared)): CompiledRunbook {
  const { normalised, metadata } = prepared;
  if (built.steps.length === 0) {
    throw new DomainError('runbook_empty', NO_STEP_MESSAGE, { format: normalised.format, sha256: prepared.sha256 });
  }
  return finaliseRunbook({
    title: metadata.title ?? built.titleHeading ?? titleFromFileName(prepared.fileName) ?? built.steps[0]!.title,
    summary: built.summary,
    metadata,
    drafts: built.steps,
    prerequisites: built.prerequisites,
    definitions: built.definitions,
    dropped: built.dropped,
    headings: built.headings,
    proseNames: built.proseNames,
    source: { format: normalised.format, sha256: prepared.sha256 },
    compiler: 'deterministic',
    warnings: [],
  });
}

/** The reader's drafts for a prepared runbook (the LLM compiler checks its answer against them). */
export function buildPrepared(prepared: PreparedRunbook): BuiltRunbook {
  return buildSteps(prepared.normalised.tree, prepared.normalised.markdown);
}

export function titleFromFileName(fileName: string | undefined): string | null {
  if (!fileName) return null;
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const stem = base
    .replace(/\.[^.]+$/, '')
    .replace(/[-_]+/g, ' ')
    .trim();
  return stem || null;
}

/**
 * The runbook normaliser and compiler. Pure: no I/O, no clock, no classifier import (risk
 * levels come from an injected function).
 */
export { displayVariable } from './compile/ambiguities.js';
export {
  compilePrepared,
  compileRunbook,
  NO_STEP_MESSAGE,
  type PreparedRunbook,
  prepareRunbook,
} from './compile/deterministic.js';
export {
  compileWithLlm,
  LLM_SYSTEM_PROMPT,
  type LlmCompileOptions,
  type LlmRunbook,
  LlmRunbookSchema,
} from './compile/llm-compile.js';
export { attachLevels } from './levels.js';
export { emptyMetadata, parseMetadata } from './metadata.js';
export { detectFormat, type NormalisedRunbook, normalise } from './normalise/index.js';
export { type PreviewModel, type PreviewStep, renderPreviewText, riskCountsLine, toPreviewModel } from './preview.js';
export * from './types.js';

/**
 * The command risk classifier: a deterministic scanner, an LLM second opinion, and the
 * hard-coded rules that merge them. Other features import only from here.
 */
export { buildOpinionPrompt, getLlmOpinion, LLM_OPINION_SCHEMA, type LlmOpinionInput } from './llm-opinion.js';
export { CONFIDENCE_THRESHOLD, escalate, mergeVerdicts } from './merge.js';
export { scanCommand } from './scanner/scan.js';
export * from './types.js';

import type { KnownBlock } from '@slack/types';
import { runbookPreviewBlocks } from '../../blocks/runbook-preview.js';
import type { ScanVerdict } from '../classifier/types.js';
import { DomainError } from '../lib/errors.js';
import type { LlmPort } from '../lib/llm.js';
import type { Logger } from '../lib/logger.js';
import { redactTextFields } from '../lib/redact.js';
import { attachLevels, compileRunbook, compileWithLlm, toPreviewModel } from '../runbooks/index.js';
import type { CompileRunbook, RunbookService } from '../runbooks/service.js';

/** With an LLM: its extraction, checked against the deterministic compiler; without: the deterministic one. */
export function compileForLibrary(llm: LlmPort | null, logger: Logger): CompileRunbook {
  if (!llm) return (text, options) => compileRunbook(text, options);
  return async (text, options) => {
    const compiled = await compileWithLlm(llm, text, options);
    if (compiled.warnings.length) logger.info({ warnings: compiled.warnings }, 'runbook compiled with warnings');
    return compiled;
  };
}

/**
 * A runbook's preview in Slack (`/runbook preview`, open to every member, and the editor
 * modal). It prints the runbook's commands as written, so a credential pasted into a runbook
 * is redacted here as on a step card.
 */
export async function previewBlocks(
  runbooks: RunbookService,
  scan: (command: string) => ScanVerdict,
  tenantId: string,
  which: { slug: string } | { text: string },
): Promise<KnownBlock[]> {
  return redactTextFields(await unredactedPreview(runbooks, scan, tenantId, which));
}

async function unredactedPreview(
  runbooks: RunbookService,
  scan: (command: string) => ScanVerdict,
  tenantId: string,
  which: { slug: string } | { text: string },
): Promise<KnownBlock[]> {
  if ('text' in which) {
    const compiled = compileRunbook(which.text);
    return runbookPreviewBlocks(toPreviewModel(attachLevels(compiled, scan)), { slug: null, version: null });
  }
  const latest = (await runbooks.listLatest(tenantId)).find((v) => v.slug === which.slug);
  if (!latest) {
    throw new DomainError('runbook_not_found', `No runbook \`${which.slug}\`. See \`/runbook list\`.`);
  }
  return runbookPreviewBlocks(toPreviewModel(attachLevels(latest.compiled, scan)), {
    slug: latest.slug,
    version: latest.version,
  });
}

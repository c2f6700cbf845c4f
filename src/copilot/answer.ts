/**
 * The model's answer, checked by code: each sentence's citations must name evidence the
 * turn really gathered, sentences without one are labelled hypotheses, and the confidence
 * is capped by how much evidence there is, whatever the model claims.
 */
export interface Evidence {
  id: string;
  tool: string;
  label: string;
}

export interface AnswerLine {
  text: string;
  cites: string[];
  hypothesis: boolean;
}

export interface CheckedAnswer {
  lines: AnswerLine[];
  confidence: number;
  claimedConfidence: number | null;
  /** Why code lowered the confidence, if it did. */
  capReason: string | null;
  evidenceUsed: string[];
}

const CITE = /\[(E\d+)\]/g;
const CONFIDENCE_LINE = /^\s*confidence\s*[:=]\s*(\d{1,3})\s*%?\s*$/i;

function claimed(text: string): { rest: string[]; value: number | null } {
  const rest: string[] = [];
  let value: number | null = null;
  for (const line of text.split('\n')) {
    const m = CONFIDENCE_LINE.exec(line);
    if (m) value = Math.min(100, Number(m[1])) / 100;
    else if (line.trim()) rest.push(line);
  }
  return { rest, value };
}

function capFor(lines: AnswerLine[], used: string[], stopped: boolean): { cap: number; reason: string | null } {
  if (used.length === 0) return { cap: 0.3, reason: 'no claim rests on evidence' };
  if (stopped) return { cap: 0.5, reason: 'the turn stopped at a limit before it finished' };
  if (used.length === 1) return { cap: 0.6, reason: 'one piece of evidence' };
  if (lines.some((l) => l.hypothesis)) return { cap: 0.75, reason: 'some claims are hypotheses' };
  return { cap: 0.9, reason: null };
}

export function checkAnswer(text: string, evidence: Evidence[], stopped: boolean): CheckedAnswer {
  const known = new Set(evidence.map((e) => e.id));
  const { rest, value } = claimed(text);
  const lines = rest.map((line) => {
    const cites = [...line.matchAll(CITE)].map((m) => m[1]!).filter((id) => known.has(id));
    // A citation to evidence the turn never gathered is removed, not trusted.
    const cleaned = line.replace(/\s*\[(E\d+)\]/g, (all, id: string) => (known.has(id) ? all : '')).trimEnd();
    const heading = /^\s*(#|\*[^*]+\*:?\s*$)/.test(line);
    return { text: cleaned, cites: [...new Set(cites)], hypothesis: cites.length === 0 && !heading };
  });
  const used = [...new Set(lines.flatMap((l) => l.cites))];
  const { cap, reason } = capFor(lines, used, stopped);
  const wanted = value ?? 0.5;
  return {
    lines,
    confidence: Math.min(wanted, cap),
    claimedConfidence: value,
    capReason: wanted > cap ? reason : null,
    evidenceUsed: used,
  };
}

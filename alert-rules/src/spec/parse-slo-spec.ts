import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { sloSpecSchema, type SloSpec } from './slo-spec-schema';

/** A bad SLO file: the message names the file and every offending field. */
export class SloSpecError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file}: invalid SLO file\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'SloSpecError';
  }
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => {
    if (typeof part === 'number') return `${text}[${part}]`;
    return text === '' ? String(part) : `${text}.${String(part)}`;
  }, '');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = fieldPath(issue.path);
  return field === '' ? issue.message : `${field}: ${issue.message}`;
}

/** Parses and validates SLO YAML text; `file` only names the source in errors. Pure, so bundlers can use it. */
export function parseSloSpec(text: string, file: string): SloSpec {
  const document = parseDocument(text, { prettyErrors: false });
  if (document.errors.length > 0) {
    throw new SloSpecError(
      file,
      document.errors.map((error) => `YAML: ${error.message}`),
    );
  }
  const result = sloSpecSchema.safeParse(document.toJS());
  if (!result.success) throw new SloSpecError(file, result.error.issues.map(describeIssue));
  return result.data;
}

/** Reads, parses and validates an SLO file. */
export function loadSloSpec(file: string): SloSpec {
  return parseSloSpec(readFileSync(file, 'utf8'), file);
}

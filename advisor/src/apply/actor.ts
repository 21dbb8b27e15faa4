import { z } from 'zod';

/**
 * Who asked for an apply, measure or rollback, as written to the audit table: 1 to 100 printable
 * characters. Control and format characters (NUL, newlines, bidi overrides) are refused: PostgreSQL text
 * cannot hold NUL, and the others would let an actor forge or hide lines when the audit is read.
 */
export const actorSchema = z
  .string()
  .min(1, { error: 'expected 1 to 100 printable characters' })
  .max(100, { error: 'expected 1 to 100 printable characters' })
  .regex(/^[^\p{C}]+$/u, {
    error: 'expected printable characters only (no NUL, control or format characters)',
  })
  .refine((value) => value.trim() !== '', { error: 'expected more than white space' });

/** A request input that is wrong; the API answers 400 naming the field. */
export class InvalidInputError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** Checks an actor before anything touches the database. */
export function validateActor(actor: string): string {
  const result = actorSchema.safeParse(actor);
  if (!result.success) throw new InvalidInputError('actor', result.error.issues[0]!.message);
  return result.data;
}

import type { Response } from 'express';

/**
 * A positive integer path or body value, or undefined after answering 400 with the parameter's name:
 * a bad id is the client's mistake, never a 500 that would look like one of the service's bottlenecks.
 */
export function positiveInt(res: Response, name: string, value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : Number(value);
  if (Number.isInteger(n) && n > 0 && n < 2 ** 31) return n;
  res.status(400).json({ error: `${name} must be a positive integer, not ${JSON.stringify(value)}` });
  return undefined;
}

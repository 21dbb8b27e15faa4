import type { AdvisorOptionsInput } from '../advisor-options';

/** The options of `perflens advisor`; its `apply` and `rollback` subcommands read them too (optsWithGlobals). */
export interface CommandOptions {
  dsn?: string;
  format: string;
  maxStatements: string;
  minCalls: string;
  hypopg: boolean;
  allowSuperuser?: boolean;
  planSuperuserStatements?: boolean;
  planNonCatalogFunctions?: boolean;
  failOn?: string;
  scanWindow: string;
}

/** The database to advise: --dsn, else $DATABASE_URL. */
export function dsnOf(options: Pick<CommandOptions, 'dsn'>): string {
  const dsn = options.dsn ?? process.env.DATABASE_URL;
  if (!dsn) throw new Error('--dsn is required (or set DATABASE_URL)');
  return dsn;
}

/** The advisor run the flags describe. */
export function advisorInputOf(options: CommandOptions): AdvisorOptionsInput {
  return {
    maxStatements: integer('--max-statements', options.maxStatements),
    minCalls: integer('--min-calls', options.minCalls),
    useHypopg: options.hypopg,
    allowSuperuser: options.allowSuperuser === true,
    planSuperuserStatements: options.planSuperuserStatements === true,
    planNonCatalogFunctions: options.planNonCatalogFunctions === true,
  };
}

/** --scan-window: seconds over which table scans are judged (0: since the last statistics reset). */
export function scanWindowOf(options: Pick<CommandOptions, 'scanWindow'>): number {
  return integer('--scan-window', options.scanWindow);
}

function integer(flag: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`${flag} must be a non-negative integer, got "${value}"`);
  return parsed;
}

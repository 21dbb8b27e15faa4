import { userInfo } from 'node:os';
import { CommanderError, type Command } from 'commander';
import type { Client } from 'pg';
import { ApplyError, applyRecommendation, rollbackApplication } from '../apply/apply-audit';
import { InvalidInputError, validateActor } from '../apply/actor';
import { ensureAuditTable, selectEntries, type AuditEntry } from '../apply/audit-table';
import { reconcileApplies } from '../apply/reconcile-applies';
import { redactDsn, redactSecrets } from '../connection/dsn';
import type { Recommendation } from '../report/recommendation';
import { runAdvisorOnDsn, withAdvisorClient } from '../run-advisor';
import { extensionSchema } from '../statements/statements-source';
import { advisorInputOf, dsnOf, type CommandOptions } from './advisor-cli-options';

interface ActionOptions extends CommandOptions {
  dryRun?: boolean;
  actor?: string;
  lockTimeoutMs: string;
}

/** The id format of the API (advisor-router.ts): a kind, then 12 hex digits of a hash. */
const RECOMMENDATION_ID = /^[a-z-]+-[0-9a-f]{12}$/;
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * `perflens advisor apply <id>` and `perflens advisor rollback <audit-id>`: the API's apply and rollback for
 * people who run no exporter. They go through the same audited, crash-safe path (apply/apply-audit.ts):
 * leftovers of crashed applies are reconciled first, a pending audit row is committed before any DDL.
 * The DSN and advisor flags are those of `perflens advisor` (read with optsWithGlobals, so they may come
 * before or after the subcommand). Exit codes: 0 done (or dry run), 1 the apply or rollback failed,
 * 2 bad flag, unknown id or database unreachable.
 */
export function registerApplyCommands(advisor: Command): void {
  advisor
    .command('apply')
    .description('apply one recommendation by id (audited; --dry-run prints its SQL and rollback only)')
    .argument('<id>', 'recommendation id, as printed by `perflens advisor --format json` or the API')
    .option('--dry-run', 'print the SQL and its rollback, change nothing')
    .option('--actor <name>', 'who applies, as written to the audit table (default: the OS user name)')
    .option('--lock-timeout-ms <ms>', 'give up when a lock is not granted within this', '5000')
    .addHelpText('after', '\nDSN and advisor flags as for `perflens advisor`.\n' + EXIT_CODES)
    .action(async (id: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ActionOptions>();
      if (!RECOMMENDATION_ID.test(id))
        throw new Error(`"${id}" is not a recommendation id (expected kind-<12 hex digits>)`);
      const dsn = dsnOf(options);
      const actor = actorOf(options.actor);
      const lockTimeoutMs = positive('--lock-timeout-ms', options.lockTimeoutMs);
      const report = await onDatabase(dsn, () => runAdvisorOnDsn(dsn, advisorInputOf(options)));
      const recommendation = report.recommendations.find((r) => r.id === id);
      if (!recommendation) {
        const open = report.recommendations.filter((r) => r.applySql).map((r) => r.id);
        throw new Error(
          `no open recommendation with id ${id} on ${report.database}` +
            (open.length > 0 ? ` (with SQL: ${open.join(', ')})` : ' (none has SQL to apply)'),
        );
      }
      print(describe(recommendation));
      if (!recommendation.applySql) throw new Error(`${id} has no SQL to apply (it is operations advice)`);
      if (options.dryRun) return print('dry run: nothing was changed');
      const entry = await onDatabase(dsn, () =>
        withAdvisorClient(dsn, CONNECT_TIMEOUT_MS, async (client) => {
          await reconcileFirst(client, lockTimeoutMs);
          const statementsSchema = await extensionSchema(client, 'pg_stat_statements');
          return gate(() =>
            applyRecommendation(client, recommendation, { actor, lockTimeoutMs, statementsSchema }),
          );
        }),
      );
      print(`applied by ${entry.actor}: audit entry ${entry.id}, ${entry.outcome}`);
      print(`roll back with: perflens advisor rollback ${entry.id} --dsn ${redactDsn(dsn)}`);
    });

  advisor
    .command('rollback')
    .description('roll back one successful apply by its audit id (audited; --dry-run prints the SQL only)')
    .argument('<audit-id>', 'the audit id printed by `perflens advisor apply` or shown by the API')
    .option('--dry-run', 'print the rollback SQL, change nothing')
    .option('--actor <name>', 'who rolls back, as written to the audit table (default: the OS user name)')
    .option('--lock-timeout-ms <ms>', 'give up when a lock is not granted within this', '5000')
    .addHelpText('after', '\nDSN flags as for `perflens advisor`.\n' + EXIT_CODES)
    .action(async (auditId: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ActionOptions>();
      const applyId = positive('<audit-id>', auditId);
      const dsn = dsnOf(options);
      const actor = actorOf(options.actor);
      const lockTimeoutMs = positive('--lock-timeout-ms', options.lockTimeoutMs);
      const entry = await onDatabase(dsn, () =>
        withAdvisorClient(dsn, CONNECT_TIMEOUT_MS, async (client) => {
          const applied = await successfulApply(client, applyId);
          print(
            `audit entry ${applied.id}: ${applied.recommendationId} applied by ${applied.actor} at ${applied.at}`,
          );
          print(`  applied:  ${statement(applied.sql)}`);
          print(`  rollback: ${statement(applied.rollbackSql ?? undefined)}`);
          if (options.dryRun) return undefined;
          await reconcileFirst(client, lockTimeoutMs);
          return gate(() => rollbackApplication(client, applyId, { actor, lockTimeoutMs }));
        }),
      );
      print(
        entry
          ? `rolled back by ${entry.actor}: audit entry ${entry.id}, ${entry.outcome}`
          : 'dry run: nothing was changed',
      );
    });
}

const EXIT_CODES =
  'Exit codes: 0 done or dry run; 1 it failed (see the audit); 2 bad flag, unknown id or database unreachable.';

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** The recommendation as a reviewer needs it before saying yes: what, why, and both SQL statements. */
function describe(r: Recommendation): string {
  const lines = [
    `${r.id} (${r.severity}, ${r.kind}${r.verified ? ', verified with hypopg' : ''}): ${r.title}`,
  ];
  const statements = r.statements ?? [];
  if (statements.length > 0) {
    const saved = statements.reduce((sum, s) => sum + (s.savedMs ?? 0), 0);
    lines.push(
      `  serves:   ${statements.length} statement(s)` +
        (saved > 0 ? `, saves about ${saved.toFixed(1)} ms of execution time` : ''),
    );
  }
  lines.push(`  effect:   ${r.expectedEffect}`);
  lines.push(`  apply:    ${statement(r.applySql)}`);
  lines.push(`  rollback: ${statement(r.rollbackSql)}`);
  return lines.join('\n');
}

/** SQL as one pastes it into psql: with its semicolon (as the table report prints it). */
function statement(sql: string | undefined): string {
  if (!sql) return '(none)';
  return sql.trimEnd().endsWith(';') ? sql : `${sql};`;
}

/** The actor for the audit row: --actor, else the OS user; refused early when it would not be stored. */
function actorOf(flag: string | undefined): string {
  const actor = flag ?? osUser();
  try {
    return validateActor(actor);
  } catch (error) {
    if (error instanceof InvalidInputError) throw new Error(`--actor "${actor}": ${error.reason}`);
    throw error;
  }
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): the environment is the next best witness.
    return process.env.USER ?? process.env.LOGNAME ?? 'cli';
  }
}

function positive(flag: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0)
    throw new Error(`${flag} must be a positive integer, got "${value}"`);
  return parsed;
}

/** Settles what crashed applies left on this database (as the exporter does at start-up) and says so. */
async function reconcileFirst(client: Client, lockTimeoutMs: number): Promise<void> {
  const { settled } = await reconcileApplies(client, { lockTimeoutMs });
  for (const s of settled)
    print(`reconciled audit entry ${s.entry.id} (${s.entry.recommendationId}): ${s.note}`);
}

async function successfulApply(client: Client, applyId: number): Promise<AuditEntry> {
  await ensureAuditTable(client);
  const [found] = await selectEntries(client, `id = $1 AND action = 'apply' AND outcome = 'succeeded'`, [
    applyId,
  ]);
  if (!found) throw new Error(`no successful apply with audit id ${applyId}`);
  return found;
}

/** An apply or rollback that ran and failed is a failed gate (exit 1); its message says what remains. */
async function gate<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof ApplyError)) throw error;
    const audit = error.entry ? ` (audit entry ${error.entry.id})` : '';
    process.stderr.write(`perflens advisor: ${error.message}${audit}\n`);
    throw new CommanderError(1, 'perflens.advisor.applyFailed', error.message);
  }
}

/** Database failures name the DSN without its password; the exit code stays 2 (a plain Error). */
async function onDatabase<T>(dsn: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof CommanderError) throw error;
    throw new Error(`advisor on ${redactDsn(dsn)}: ${redactSecrets((error as Error).message, dsn)}`);
  }
}

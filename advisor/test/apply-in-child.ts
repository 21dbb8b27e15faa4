// Runs one apply in a process of its own, so a test can kill -9 it mid-DDL (apply-crash-safety test).
// Usage: node --import tsx advisor/test/apply-in-child.ts <dsn> <recommendation as JSON> <lock timeout ms>
import { Client } from 'pg';
import { applyRecommendation } from '../src/apply/apply-audit';
import type { Recommendation } from '../src/report/recommendation';

async function main(): Promise<void> {
  const [dsn, recommendation, lockTimeoutMs] = process.argv.slice(2);
  const client = new Client({ connectionString: dsn });
  await client.connect();
  const entry = await applyRecommendation(client, JSON.parse(recommendation!) as Recommendation, {
    actor: 'child',
    lockTimeoutMs: Number(lockTimeoutMs),
  });
  process.stdout.write(`${JSON.stringify(entry)}\n`);
  await client.end();
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});

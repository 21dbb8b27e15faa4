import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { databaseOfDsn } from '@perflens/advisor';
import { ConfigError } from './config-error';
import { applyEnvOverrides } from './env-overrides';
import { exporterConfigSchema, type ExporterConfigFile } from './exporter-config-schema';

/** The validated configuration with secrets resolved: what the exporter runs with. */
export interface ExporterConfig extends Omit<
  ExporterConfigFile,
  'server' | 'postgres' | 'advisor' | 'frontendAssets'
> {
  server: Omit<ExporterConfigFile['server'], 'metricsBearerTokenFile'>;
  postgres: Omit<ExporterConfigFile['postgres'], 'databases'> & { dsns: string[] };
  advisor: Omit<ExporterConfigFile['advisor'], 'viewerTokenFile' | 'adminTokenFile'> & {
    /** Read from the token files; set whenever the advisor is enabled. */
    viewerToken?: string;
    adminToken?: string;
  };
  frontendAssets: Omit<ExporterConfigFile['frontendAssets'], 'tokenFile'> & {
    /** Read from tokenFile; set whenever the endpoint is enabled. */
    token?: string;
  };
}

/**
 * Reads, overrides from the environment, validates and resolves the exporter's YAML config. Every
 * problem found is reported at once, each as "<file>: <field>: <what was expected>", so a broken file
 * takes one round of fixes, not one per problem.
 */
export function loadExporterConfig(file: string, env: NodeJS.ProcessEnv = process.env): ExporterConfig {
  const raw = readYaml(file);
  const fromEnv = applyEnvOverrides(raw, env);
  const parsed = exporterConfigSchema.safeParse(raw);
  if (!parsed.success)
    throw new ConfigError(parsed.error.issues.map((issue) => describeIssue(file, issue, fromEnv)));
  return resolveSecrets(file, parsed.data);
}

function readYaml(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([`${file}: cannot read the config file (${(error as Error).message})`]);
  }
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    throw new ConfigError(
      document.errors.map((e) => {
        const at = e.linePos?.[0];
        return `${file}${at ? `:${at.line}:${at.col}` : ''}: YAML syntax error: ${e.message.split(' at line ')[0]}`;
      }),
    );
  }
  const value: unknown = document.toJS();
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError([`${file}: expected a mapping of settings at the top level`]);
  }
  return value as Record<string, unknown>;
}

function describeIssue(file: string, issue: z.core.$ZodIssue, fromEnv: Map<string, string>): string {
  const fieldPath = issue.path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
  const variable = [...fromEnv].find(
    ([envPath]) =>
      fieldPath === envPath || fieldPath.startsWith(`${envPath}.`) || fieldPath.startsWith(`${envPath}[`),
  );
  const field = fieldPath === '' ? '(top level)' : fieldPath;
  return `${file}: ${field}${variable ? ` (from ${variable[1]})` : ''}: ${issue.message}`;
}

function resolveSecrets(file: string, config: ExporterConfigFile): ExporterConfig {
  const problems: string[] = [];
  const base = path.dirname(path.resolve(file));
  const readSecret = (field: string, secretFile: string): string => {
    const resolved = path.resolve(base, secretFile);
    try {
      const value = readFileSync(resolved, 'utf8').trim();
      if (value === '') problems.push(`${file}: ${field}: the file ${resolved} is empty`);
      return value;
    } catch (error) {
      problems.push(
        `${file}: ${field}: cannot read ${resolved} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
      return '';
    }
  };
  const { metricsBearerTokenFile, ...server } = config.server;
  const metricsBearerToken =
    metricsBearerTokenFile === undefined
      ? server.metricsBearerToken
      : readSecret('server.metricsBearerTokenFile', metricsBearerTokenFile);
  const { databases, ...postgres } = config.postgres;
  const dsns = databases.map((d, i) => d.dsn ?? readSecret(`postgres.databases[${i}].dsnFile`, d.dsnFile!));
  const seen = new Map<string, number>();
  dsns.forEach((dsn, i) => {
    if (dsn === '') return;
    let database: string;
    try {
      database = databaseOfDsn(dsn);
    } catch {
      problems.push(
        `${file}: postgres.databases[${i}]: expected a PostgreSQL connection URL (postgres://user@host:5432/database)`,
      );
      return;
    }
    const first = seen.get(database);
    if (first !== undefined) {
      problems.push(
        `${file}: postgres.databases[${i}]: database "${database}" is already listed at postgres.databases[${first}]; list each database once`,
      );
    }
    seen.set(database, i);
  });
  const { viewerTokenFile, adminTokenFile, ...advisorSettings } = config.advisor;
  const advisor: ExporterConfig['advisor'] = { ...advisorSettings };
  if (advisor.enabled) {
    if (dsns.length === 0)
      problems.push(`${file}: advisor.enabled: expected a database in postgres.databases`);
    advisor.viewerToken = readSecret('advisor.viewerTokenFile', viewerTokenFile!);
    advisor.adminToken = readSecret('advisor.adminTokenFile', adminTokenFile!);
    problems.push(...advisorTokenProblems(file, advisor, { viewerTokenFile, adminTokenFile }, base));
  }
  const { tokenFile: frontendTokenFile, ...frontendAssets } = config.frontendAssets;
  const frontend: ExporterConfig['frontendAssets'] = { ...frontendAssets };
  if (frontend.enabled) {
    frontend.token = readSecret('frontendAssets.tokenFile', frontendTokenFile!);
    if (frontend.token && frontend.token.length < MIN_ADVISOR_TOKEN_LENGTH)
      problems.push(
        `${file}: frontendAssets.tokenFile: the token in ${path.resolve(base, frontendTokenFile!)} has ${frontend.token.length} characters; expected at least ${MIN_ADVISOR_TOKEN_LENGTH}`,
      );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...config,
    server: { ...server, metricsBearerToken },
    postgres: { ...postgres, dsns },
    advisor,
    frontendAssets: frontend,
  };
}

/** Advisor tokens shorter than this are refused (the advisor's router refuses them too). */
const MIN_ADVISOR_TOKEN_LENGTH = 32;

/** Each advisor token long enough, and the two different: an admin token that equals the viewer's is no role. */
function advisorTokenProblems(
  file: string,
  tokens: { viewerToken?: string; adminToken?: string },
  files: { viewerTokenFile?: string; adminTokenFile?: string },
  base: string,
): string[] {
  const problems: string[] = [];
  for (const [field, token, tokenFile] of [
    ['advisor.viewerTokenFile', tokens.viewerToken, files.viewerTokenFile],
    ['advisor.adminTokenFile', tokens.adminToken, files.adminTokenFile],
  ] as const) {
    if (token && token.length < MIN_ADVISOR_TOKEN_LENGTH) {
      problems.push(
        `${file}: ${field}: the token in ${path.resolve(base, tokenFile!)} has ${token.length} characters; expected at least ${MIN_ADVISOR_TOKEN_LENGTH}`,
      );
    }
  }
  if (tokens.viewerToken && tokens.viewerToken === tokens.adminToken) {
    problems.push(
      `${file}: advisor.adminTokenFile: the admin token equals the viewer token (advisor.viewerTokenFile); expected two different tokens`,
    );
  }
  return problems;
}

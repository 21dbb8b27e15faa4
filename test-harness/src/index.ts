// Public surface of @perflens/test-harness: start and stop real services for integration tests.
export { envVars } from './env-vars';
export { freePort } from './process/free-port';
export { MissingBinaryError } from './process/binaries';
export { ServiceStartError } from './process/managed-process';
export { startPostgres, type PostgresInstance, type StartPostgresOptions } from './postgres/start-postgres';

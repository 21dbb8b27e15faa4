import { databaseOfDsn, redactDsn, redactSecrets } from './dsn';

describe('DSN handling', () => {
  it.each([
    ['a URL with a database', 'postgres://app:pw@db:5432/orders', 'orders'],
    ['a URL without a database, which defaults to the user', 'postgres://app:pw@db:5432', 'app'],
    ['a socket URL', 'postgresql:///billing?host=/var/run/postgresql', 'billing'],
  ])('finds the database of %s', (_title, dsn, expected) => {
    expect(databaseOfDsn(dsn)).toBe(expected);
  });

  it.each([
    ['masks the password', 'postgres://app:s3cr3t@db:5432/orders', 'postgres://app:***@db:5432/orders'],
    [
      'masks secret-looking parameters',
      'postgres://app@db/orders?sslpassword=x&sslmode=require',
      'postgres://app@db/orders?sslpassword=***&sslmode=require',
    ],
    [
      'keeps a DSN without secrets as it is',
      'postgres://app@db:5432/orders',
      'postgres://app@db:5432/orders',
    ],
    ['refuses to echo what it cannot parse', 'host=db password=s3cr3t', '<unparseable DSN>'],
  ])('%s when redacting for logs', (_title, dsn, expected) => {
    expect(redactDsn(dsn)).toBe(expected);
  });

  it('removes the password from driver error messages', () => {
    expect(redactSecrets('could not connect with s3cr3t', 'postgres://app:s3cr3t@db/orders')).toBe(
      'could not connect with ***',
    );
  });
});

import { chownSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** A system account to run PostgreSQL as. */
export interface SystemUser {
  name: string;
  uid: number;
  gid: number;
}

/**
 * Finds a user in an /etc/passwd-formatted text (name:password:uid:gid:...); undefined if absent.
 * Parsing the file keeps the supervisor free of native modules; on Debian the `postgres` account comes with
 * the postgresql-common package.
 */
export function findUser(passwd: string, name: string): SystemUser | undefined {
  for (const line of passwd.split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (user === name && uid !== undefined && gid !== undefined) {
      return { name, uid: Number(uid), gid: Number(gid) };
    }
  }
  return undefined;
}

/**
 * The account PostgreSQL must run as: none for a normal user, the `postgres` account for root, because
 * initdb and postgres refuse to run as root ("cannot be run as root", see the postgres docs, Server Setup).
 * The folder is handed to that account so initdb can create the data directory inside it.
 */
export function postgresRunAs(dir: string, passwdFile = '/etc/passwd'): SystemUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const user = findUser(readFileSync(passwdFile, 'utf8'), 'postgres');
  if (!user) {
    throw new Error(
      `running as root, and there is no "postgres" user in ${passwdFile} to run PostgreSQL as: ` +
        'install the Debian package postgresql (apt-get install postgresql), which creates it',
    );
  }
  chownSync(dir, user.uid, user.gid);
  return user;
}

/**
 * Whether PostgreSQL can reach the existing folder `dir`: always when it runs as this user; as root it
 * runs as `postgres`, which needs search (x) permission for others on every folder up to `dir`, and has
 * none under /root (mode 700) for example.
 */
export function postgresCanEnter(dir: string): boolean {
  if (process.getuid?.() !== 0) return true;
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if ((statSync(current).mode & 0o001) === 0) return false;
    if (path.dirname(current) === current) return true;
  }
}

import { findUser } from './postgres-user';

const passwd = [
  'root:x:0:0:root:/root:/bin/bash',
  'postgres:x:101:104:PostgreSQL administrator,,,:/var/lib/postgresql:/bin/bash',
  '',
].join('\n');

describe('findUser', () => {
  it.each([
    ['finds the postgres account', 'postgres', { name: 'postgres', uid: 101, gid: 104 }],
    ['finds root', 'root', { name: 'root', uid: 0, gid: 0 }],
    ['returns undefined for an absent account', 'prometheus', undefined],
    ['does not match a prefix', 'post', undefined],
  ])('%s', (_title, name, expected) => {
    expect(findUser(passwd, name)).toEqual(expected);
  });
});

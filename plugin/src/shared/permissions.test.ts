import { canAcknowledge } from './permissions';

describe('canAcknowledge', () => {
  it.each([
    ['a Viewer without plugin RBAC', { orgRole: 'Viewer', permissions: {} }, false],
    ['an Editor without plugin RBAC', { orgRole: 'Editor', permissions: {} }, true],
    ['an Admin without plugin RBAC', { orgRole: 'Admin' }, true],
    ['a Grafana server admin who is a Viewer in the org', { orgRole: 'Viewer', isGrafanaAdmin: true }, true],
    [
      'a Viewer granted the silences:write action',
      { orgRole: 'Viewer', permissions: { 'perflens-insights-app.silences:write': true } },
      true,
    ],
    [
      'an Editor whose RBAC grants only findings:read',
      { orgRole: 'Editor', permissions: { 'perflens-insights-app.findings:read': true } },
      false,
    ],
    ['nobody signed in', undefined, false],
  ])('%s: %s', (_title, user, expected) => {
    expect(canAcknowledge(user)).toBe(expected);
  });
});

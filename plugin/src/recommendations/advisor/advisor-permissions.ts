import { config } from '@grafana/runtime';
import { PLUGIN_ID } from '../../constants';
import type { SignedInUser } from '../../shared/permissions';

/** plugin.json's "Index applier" role action: the POST `exporter` route requires it (Admin by default). */
export const APPLY_INDEXES_ACTION = `${PLUGIN_ID}.indexes:write`;

/**
 * Whether the user may apply, measure and roll back advice. As for acknowledging (shared/permissions.ts): the
 * plugin's RBAC actions decide when Grafana sent any, else the basic role (Admin). Grafana's server enforces
 * the same rule on the route; this only hides controls that would be refused.
 */
export function canApplyIndexes(user: SignedInUser | undefined = config.bootData?.user): boolean {
  if (!user) {
    return false;
  }
  const permissions = user.permissions ?? {};
  if (Object.keys(permissions).some((action) => action.startsWith(`${PLUGIN_ID}.`))) {
    return permissions[APPLY_INDEXES_ACTION] === true;
  }
  return user.isGrafanaAdmin === true || user.orgRole === 'Admin';
}

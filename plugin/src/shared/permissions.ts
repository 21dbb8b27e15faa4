import { config } from '@grafana/runtime';
import { ACTIONS, PLUGIN_ID } from '../constants';

/** The parts of Grafana's signed-in user the permission checks read (config.bootData.user). */
export interface SignedInUser {
  orgRole?: string;
  isGrafanaAdmin?: boolean;
  permissions?: Record<string, boolean>;
}

/**
 * Whether the user may create silences. With plugin RBAC, Grafana puts the plugin's actions granted by
 * plugin.json `roles` into the user's permissions; when none of them is there (RBAC off), the basic role
 * decides the same way: Editor and up.
 */
export function canAcknowledge(user: SignedInUser | undefined = config.bootData?.user): boolean {
  if (!user) {
    return false;
  }
  const permissions = user.permissions ?? {};
  if (Object.keys(permissions).some((action) => action.startsWith(`${PLUGIN_ID}.`))) {
    return permissions[ACTIONS.acknowledge] === true;
  }
  return user.isGrafanaAdmin === true || user.orgRole === 'Editor' || user.orgRole === 'Admin';
}

/** The login to prefill as a silence's author. */
export function currentLogin(): string {
  return config.bootData?.user?.login ?? '';
}

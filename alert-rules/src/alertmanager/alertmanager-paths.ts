import path from 'node:path';

/** provisioning/alertmanager/: the Alertmanager configuration and templates this workspace owns and tests. */
export const ALERTMANAGER_DIR = path.join(__dirname, '../../../provisioning/alertmanager');
export const ALERTMANAGER_CONFIG = path.join(ALERTMANAGER_DIR, 'alertmanager.yml');
export const ALERTMANAGER_TEMPLATES = path.join(ALERTMANAGER_DIR, 'templates/*.tmpl');

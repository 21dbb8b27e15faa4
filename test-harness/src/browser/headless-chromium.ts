import { requireBinary } from '@perflens/supervisor';
import { envVars } from '../env-vars';

/**
 * Flags every browser test launches Debian's Chromium with. The network-related ones matter here: without
 * them Chromium keeps trying to reach Google's services, and this machine refuses those connections.
 */
export const HEADLESS_CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium (package chromium); $PERFLENS_CHROMIUM_BIN overrides it. Fails naming the package. */
export function chromiumExecutable(): string {
  return requireBinary(
    process.env[envVars.chromiumBin] ?? '/usr/bin/chromium',
    'chromium',
    envVars.chromiumBin,
  );
}

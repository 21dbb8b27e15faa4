/**
 * The part of Grafana's plugin loader the harness needs: dist/module.js is an AMD module (webpack
 * `library.type: 'amd'`) whose dependencies are Grafana's shared packages (the scaffold's externals). Grafana
 * resolves them with SystemJS; here `define` resolves them from the modules this bundle imported.
 */
type Factory = (...dependencies: unknown[]) => unknown;

export function loadAmdModule(url: string, shared: Record<string, unknown>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const win = window as unknown as { define?: ((deps: string[], factory: Factory) => void) & { amd?: object } };
    const define = (dependencies: string[], factory: Factory) => {
      const missing = dependencies.filter((name) => name !== 'module' && !(name in shared));
      if (missing.length > 0) {
        reject(new Error(`${url} needs modules the harness does not share: ${missing.join(', ')}`));
        return;
      }
      // `module` is the AMD meta module: the plugin derives its public path (lazy chunks) from its uri.
      const values = dependencies.map((name) => (name === 'module' ? { uri: url } : shared[name]));
      resolve(factory(...values) as Record<string, unknown>);
    };
    define.amd = {};
    win.define = define;
    const script = document.createElement('script');
    script.src = url;
    // Grafana's loader is SystemJS; leaving a global AMD `define` behind would capture every UMD script
    // loaded later (axe-core, for one) as a module.
    script.onload = () => delete win.define;
    script.onerror = () => {
      delete win.define;
      reject(new Error(`could not load ${url}`));
    };
    document.head.appendChild(script);
  });
}

import vm from 'node:vm';

interface MainContext {
  process: NodeJS.Process;
  globalThis: Record<symbol, unknown>;
}

// Looked up once per module instance; compiling a script on every call would be wasted work.
let mainContext: MainContext | undefined;

/**
 * The Node process object and global scope outside jest's per-file sandbox, for process-wide state.
 *
 * Why: jest gives every test file its own `process` copy whose 'exit' event never fires (checked with jest 30:
 * a listener added in a test file is not called when the worker exits), and its own module registry, so
 * module-level state is per file. Code evaluated with `vm.runInThisContext` runs in Node's main context,
 * whose `process` and `globalThis` are the real, worker-wide ones. Outside jest this is simply `process`.
 */
export function realProcess(): NodeJS.Process {
  mainContext ??= vm.runInThisContext('({ process, globalThis })') as MainContext;
  return mainContext.process;
}

/**
 * Returns the value stored under `key` on the real global object, creating it with `init` on first use.
 * Values must be plain data or closures that only use Node built-ins: the test file whose module created them
 * may already be torn down when another file of the same worker reads them.
 */
export function processWide<T>(key: string, init: () => T): T {
  realProcess();
  const realGlobal = (mainContext as MainContext).globalThis;
  const symbol = Symbol.for(`@perflens/supervisor:${key}`);
  if (!(symbol in realGlobal)) {
    realGlobal[symbol] = init();
  }
  return realGlobal[symbol] as T;
}

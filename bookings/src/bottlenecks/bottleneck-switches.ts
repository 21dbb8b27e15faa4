import { BOTTLENECK_NAMES, type BottleneckName } from './bottleneck-catalogue';

/** Runs when a bottleneck is switched (the missing index needs DDL). */
export type SwitchEffect = (enabled: boolean) => Promise<unknown>;

/**
 * The on/off state of every bottleneck. Handlers read it on each request, so a switch takes effect on the
 * next request. Switching is serialized, so two admin calls cannot interleave DDL.
 */
export class BottleneckSwitches {
  private readonly enabled = new Set<BottleneckName>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly effects: Partial<Record<BottleneckName, SwitchEffect>> = {}) {}

  isOn(name: BottleneckName): boolean {
    return this.enabled.has(name);
  }

  /** Every bottleneck with its state, in catalogue order. */
  states(): Record<BottleneckName, boolean> {
    return Object.fromEntries(BOTTLENECK_NAMES.map((name) => [name, this.isOn(name)])) as Record<
      BottleneckName,
      boolean
    >;
  }

  /** Applies the effect first, so the state never claims what the database does not have. */
  set(name: BottleneckName, on: boolean): Promise<void> {
    const run = this.queue.then(async () => {
      await this.effects[name]?.(on);
      if (on) this.enabled.add(name);
      else this.enabled.delete(name);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Sets every bottleneck: on for those in `on`, off for the rest, whatever a previous run left behind. */
  async setExactly(on: readonly BottleneckName[]): Promise<void> {
    for (const name of BOTTLENECK_NAMES) await this.set(name, on.includes(name));
  }
}

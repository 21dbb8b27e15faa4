import { type SceneObjectUrlValues, SceneTimeRange } from '@grafana/scenes';

/** The app's last time range (`from`/`to` as the URL spells them), shared by every page of one app instance. */
export interface RangeMemory {
  from?: string;
  to?: string;
}

export const DEFAULT_RANGE = { from: 'now-1h', to: 'now' };

/**
 * A page's time range that keeps the app's range across navigation. Grafana's menu links to app pages carry
 * no `from`/`to`, and scenes caches each page's scene, so without this a page would open on its default or on
 * the range it had when last seen. When the URL names no range, the range last used on any page applies (and
 * URL sync writes it back to the URL); every change is remembered for the next page.
 */
export class RememberedTimeRange extends SceneTimeRange {
  constructor(private readonly memory: RangeMemory) {
    super({ from: memory.from ?? DEFAULT_RANGE.from, to: memory.to ?? DEFAULT_RANGE.to });
    this.addActivationHandler(() => {
      this.remember();
      const subscription = this.subscribeToState(() => this.remember());
      return () => subscription.unsubscribe();
    });
  }

  override updateFromUrl(values: SceneObjectUrlValues) {
    const urlNamesNoRange = values.from == null && values.to == null && values.time == null;
    if (urlNamesNoRange && this.memory.from && this.memory.to) {
      super.updateFromUrl({ ...values, from: this.memory.from, to: this.memory.to });
      return;
    }
    super.updateFromUrl(values);
  }

  private remember() {
    this.memory.from = this.state.from;
    this.memory.to = this.state.to;
  }
}

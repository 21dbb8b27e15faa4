/**
 * Remembers the last `capacity` metric ids to suppress duplicates (a beacon retried by fetch after
 * sendBeacon, a page that reports the same id twice). web-vitals gives each metric instance a unique id
 * and recommends it for de-duplication (web-vitals README, "Send the results to an analytics endpoint").
 * Bounded: the oldest ids are forgotten first, so a flood of fresh ids cannot grow memory.
 */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** True the first time an id is seen (and records it), false for a duplicate. */
  firstSighting(id: string): boolean {
    if (this.ids.has(id)) return false;
    if (this.ids.size >= this.capacity) this.ids.delete(this.ids.values().next().value!);
    this.ids.add(id);
    return true;
  }

  get size(): number {
    return this.ids.size;
  }
}

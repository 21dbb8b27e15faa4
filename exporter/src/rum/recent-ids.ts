/**
 * Remembers the last `capacity` metric ids to suppress duplicates (a beacon retried by fetch after
 * sendBeacon, a page that reports the same id twice). web-vitals gives each metric instance a unique id
 * and recommends it for de-duplication (web-vitals README, "Send the results to an analytics endpoint").
 * Bounded: the oldest ids are forgotten first, so a flood of fresh ids cannot grow memory.
 *
 * The order of arrival is kept in a ring, not by taking a Set's first entry: V8's ordered hash tables leave
 * a hole for each deleted entry until the next rehash, and finding the "first" entry walks over all of
 * them — 66 µs per beacon at 50,000 ids, measured, which made every fresh id an amplified CPU cost.
 */
export class RecentIds {
  private readonly ids = new Set<string>();
  /** Ids in order of arrival; grows to `capacity`, then each new id overwrites the oldest. */
  private readonly ring: string[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`dedupeCapacity must be a positive integer, got ${String(capacity)}`);
  }

  /** True the first time an id is seen (and records it), false for a duplicate. */
  firstSighting(id: string): boolean {
    if (this.ids.has(id)) return false;
    if (this.ring.length < this.capacity) {
      this.ring.push(id);
    } else {
      this.ids.delete(this.ring[this.next]!);
      this.ring[this.next] = id;
      this.next = (this.next + 1) % this.capacity;
    }
    this.ids.add(id);
    return true;
  }

  get size(): number {
    return this.ids.size;
  }
}

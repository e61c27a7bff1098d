/** Small statistics the report needs, on sorted or unsorted numbers. */

/** The value at quantile `q` of ascending `sorted`, or null for none. */
export function percentile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** The median of the non-null values, or null when there are none. */
export function median(values: ReadonlyArray<number | null>): number | null {
  const present = values.filter((value): value is number => value !== null).sort((a, b) => a - b);
  if (present.length === 0) return null;
  const middle = Math.floor(present.length / 2);
  return present.length % 2 === 1 ? present[middle]! : (present[middle - 1]! + present[middle]!) / 2;
}

export const ratio = (mine: number | null, theirs: number | null): number | null =>
  mine === null || theirs === null || theirs === 0 ? null : Math.round((mine / theirs) * 100) / 100;

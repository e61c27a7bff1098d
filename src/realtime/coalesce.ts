/**
 * Shares one in-flight read among the callers that ask for the same key at the same time: when a
 * change wakes hundreds of subscribers of one dossier, they make one query, not hundreds.
 */
export class InFlight<T> {
  private readonly pending = new Map<string, Promise<T>>();

  get(key: string, load: () => Promise<T>): Promise<T> {
    const existing = this.pending.get(key);
    if (existing) return existing;
    const promise = load().finally(() => this.pending.delete(key));
    this.pending.set(key, promise);
    return promise;
  }
}

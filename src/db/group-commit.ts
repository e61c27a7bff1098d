/**
 * Group commit for the writes every request makes on the same few rows (the audit chain's head,
 * a subject's rate-limit counter): the first caller writes at once; callers that come while that
 * write is in flight wait and go together in the next one, one statement for all of them. Under
 * no load nothing waits; under load the statements per request fall and the rows they lock are
 * taken once per batch instead of once per request. Each caller still returns only once its own
 * part is committed, and a failed write fails exactly the callers that were in it. Writes run in
 * the async context the instance was made in (start-up), never in one caller's request scope or
 * transaction.
 */
import { AsyncResource } from "node:async_hooks";

interface Waiting<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<Item, Result> {
  private waiting: Array<Waiting<Item, Result>> = [];
  private writing = false;
  private readonly home = new AsyncResource("GroupCommit");

  /**
   * `write` takes the batch in arrival order and answers one result per item, in that order.
   * `maxBatch` bounds one statement's size; a longer queue is written in several.
   */
  constructor(
    private readonly write: (items: Item[]) => Promise<Result[]>,
    private readonly maxBatch = 256,
  ) {}

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.writing) this.home.runInAsyncScope(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    // Callers of the same tick go in the first batch too.
    await Promise.resolve();
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      try {
        const results = await this.write(batch.map((waiting) => waiting.item));
        batch.forEach((waiting, index) => waiting.resolve(results[index]!));
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    this.writing = false;
  }
}

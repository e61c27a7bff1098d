/** Background work a hub runs beside its API (outbox delivery, polling); started after it listens. */
export interface HubWorker {
  start(): void;
  stop(): Promise<void>;
}

/**
 * A round of work every `intervalMs`, never two at once in this process; `stop()` waits for the
 * round under way. The scaffolding of the interval-driven workers.
 */
export class PeriodicRound implements HubWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly round: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => {
      this.running ??= this.round()
        .catch(this.onError)
        .finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

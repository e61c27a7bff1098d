/** Background work a hub runs beside its API (outbox delivery, polling); started after it listens. */
export interface HubWorker {
  start(): void;
  stop(): Promise<void>;
}

/**
 * The one way a registration record is created or changes status: the row, its numbered event
 * and the relay notifications are written in the caller's transaction, so they commit or vanish
 * together. Callers lock the registration first (lockRegistration) so sequences never collide.
 */
import type { Executor } from "../../db/client.js";
import {
  insertRegistration,
  recordRegistrationChange,
  type NewRegistration,
  type RegistrationRow,
  type RegistrationStatusName,
} from "../../db/queries/registration.js";
import type { EventRelay } from "../../realtime/relay.js";
import type { WebhookOutbox } from "../webhook/index.js";
import { registrationMachine } from "./registration.transitions.js";

/** Every change to a bank's registrations, for `securityRegistrationUpdated` on every instance. */
export const registrationBankTopic = (organizationId: string) => `registration-bank:${organizationId}`;
/** A new outbox row: wakes the outbox workers of every instance (one of them claims it). */
export const REGISTRATION_OUTBOX_TOPIC = "registration-outbox";

export interface RegistrationChange {
  at: Date;
  note?: string | null;
  patch?: Partial<NewRegistration>;
}

export class RegistrationLedger {
  constructor(
    private readonly relay: EventRelay,
    private readonly webhooks: WebhookOutbox,
  ) {}

  async open(tx: Executor, values: NewRegistration, change: RegistrationChange): Promise<RegistrationRow> {
    const { registration } = await insertRegistration(tx, { ...values, ...change.patch }, { at: change.at, note: change.note ?? null });
    await this.announce(tx, registration, change.at);
    await this.relay.publish(tx, { topic: REGISTRATION_OUTBOX_TOPIC, data: { registrationId: registration.id } });
    return registration;
  }

  /** Moves a locked registration to `to` along the table (REGISTERED → REGISTERED: a follow-up changed it). */
  async move(tx: Executor, registration: RegistrationRow, to: RegistrationStatusName, change: RegistrationChange): Promise<RegistrationRow> {
    registrationMachine.assert(registration.status, to, ["LAND_REGISTRY"]);
    const { registration: updated } = await recordRegistrationChange(tx, registration, change.patch ?? {}, {
      status: to,
      at: change.at,
      note: change.note ?? null,
    });
    await this.announce(tx, updated, change.at);
    return updated;
  }

  /** The relay's signal, and the bank's webhook messages (SPEC §8), in the change's transaction. */
  private async announce(tx: Executor, registration: RegistrationRow, at: Date) {
    await this.relay.publish(tx, {
      topic: registrationBankTopic(registration.mortgageeOrgId),
      data: { registrationId: registration.id, sequence: registration.lastSequence },
    });
    await this.webhooks.registrationChanged(tx, registration, at);
  }
}

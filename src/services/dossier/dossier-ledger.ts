/**
 * The one way a dossier is opened or changed, for every domain (dossiers, registrations,
 * deliveries): the row, its numbered timeline event and the relay notification are written in the
 * caller's transaction, so they commit or vanish together. Callers lock the dossier first
 * (lockDossier) so concurrent changes queue up and sequences never collide.
 */
import type { ActorRole } from "../../auth/roles.js";
import type { Executor } from "../../db/client.js";
import {
  insertDossier,
  recordDossierChange,
  type DossierEventRow,
  type DossierRow,
  type NewDossier,
} from "../../db/queries/dossier.js";
import type { EventRelay } from "../../realtime/relay.js";
import type { WebhookOutbox } from "../webhook/index.js";
import { toHanoiLocal } from "../partner/working-calendar.js";
import { finishingStatuses, type DossierStatus } from "./dossier.transitions.js";

export interface Actor {
  subject: string | null;
  role: ActorRole;
}

export const dossierTopic = (dossierId: string) => `dossier:${dossierId}`;

export interface DossierChange {
  at: Date;
  note?: string | null;
  patch?: Partial<NewDossier>;
}

export class DossierLedger {
  constructor(
    private readonly relay: EventRelay,
    private readonly webhooks: WebhookOutbox,
  ) {}

  async open(
    tx: Executor,
    values: Omit<NewDossier, "code" | "status" | "submittedAt">,
    actor: Actor,
    change: DossierChange,
  ): Promise<DossierRow> {
    const { dossier, event } = await insertDossier(
      tx,
      { ...values, ...change.patch, status: "SUBMITTED", submittedAt: change.at, updatedAt: change.at, lastSequence: 1 },
      `HN-${toHanoiLocal(change.at).day.slice(0, 4)}-`,
      { status: "SUBMITTED", at: change.at, actorSubject: actor.subject, actorRole: actor.role, note: change.note ?? null },
    );
    await this.announce(tx, dossier, event);
    return dossier;
  }

  /** Moves a locked dossier to `to` (the caller has checked the move is allowed). */
  async move(tx: Executor, dossier: DossierRow, to: DossierStatus, actor: Actor, change: DossierChange): Promise<DossierRow> {
    const patch: Partial<NewDossier> = { ...change.patch, status: to };
    if (finishingStatuses.includes(to) && !dossier.finishedAt) patch.finishedAt = change.at;
    return this.record(tx, dossier, to, actor, change, patch);
  }

  /** A timeline entry that keeps the status (an apology and new appointment, say). */
  async annotate(tx: Executor, dossier: DossierRow, actor: Actor, change: DossierChange): Promise<DossierRow> {
    return this.record(tx, dossier, dossier.status, actor, change, change.patch ?? {});
  }

  private async record(
    tx: Executor,
    dossier: DossierRow,
    status: DossierStatus,
    actor: Actor,
    change: DossierChange,
    patch: Partial<NewDossier>,
  ): Promise<DossierRow> {
    const { dossier: updated, event } = await recordDossierChange(tx, dossier, patch, {
      status,
      at: change.at,
      actorSubject: actor.subject,
      actorRole: actor.role,
      note: change.note ?? null,
    });
    await this.announce(tx, updated, event);
    return updated;
  }

  /** The relay's signal, and the partners' webhook messages (SPEC §8), in the change's transaction. */
  private async announce(tx: Executor, dossier: DossierRow, event: DossierEventRow) {
    await this.relay.publish(tx, { topic: dossierTopic(dossier.id), data: { dossierId: dossier.id, sequence: event.sequence } });
    await this.webhooks.dossierChanged(tx, dossier, event);
  }
}


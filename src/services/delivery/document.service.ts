/**
 * Digitization (SPEC §2): a clerk declares a scan (kind, name, type, size, SHA-256) and gets a
 * signed, single-use link on the hub's own server; the bytes streamed to it are hashed and counted
 * on the way into the blob store and kept — and the document listed — only if both match.
 */
import type { AuditLog } from "../audit/audit-log.js";
import type { FieldContext } from "../field-context.js";
import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import type { Caller } from "../../auth/caller.js";
import type { Executor, Database } from "../../db/client.js";
import {
  claimDocumentUpload,
  findDocument,
  hasStoredDocument,
  insertDocument,
  markDocumentRefused,
  markDocumentStored,
  type DocumentRow,
} from "../../db/queries/delivery.js";
import { findDossier, type DossierRow } from "../../db/queries/dossier.js";
import type { Logger } from "../../logger.js";
import { conflict, invalidTransition } from "../../errors.js";
import type { BlobStore } from "./blob-store.js";
import { assertHandlesAtBranch, mayReadDocuments } from "./delivery.policy.js";
import { validateDocumentUpload, type DocumentUploadInput } from "./document.validation.js";
import type { LinkSigner } from "./signed-links.js";
import { UploadMeter } from "./upload-meter.js";

/** Scans are added once the dossier is at a counter and until its processing ends (supplements come in on paper too). */
const OPEN_FOR_DOCUMENTS: readonly DossierRow["status"][] = ["RECEIVED", "DIGITIZED", "IN_PROCESSING", "SUPPLEMENT_REQUESTED"];

export type UploadRefusal =
  | "invalid_link"
  | "expired_link"
  | "used_link"
  | "too_large"
  | "size_mismatch"
  | "hash_mismatch"
  | "interrupted";

export type UploadOutcome = { stored: DocumentRow } | { refused: UploadRefusal; message: string };
export type DownloadOutcome = { document: DocumentRow; bytes: Readable } | { refused: "invalid_link" | "expired_link" | "gone"; message: string };

export interface DocumentServiceDeps {
  db: Database;
  audit: AuditLog;
  blobs: BlobStore;
  links: LinkSigner;
  now: () => Date;
  logger: Logger;
  publicUrl: () => string;
  uploadUrlTtlSeconds: number;
  uploadMaxBytes: number;
}

class UploadMismatch extends Error {
  constructor(readonly refusal: "size_mismatch" | "hash_mismatch", message: string) {
    super(message);
  }
}

export class DocumentService {
  constructor(private readonly deps: DocumentServiceDeps) {}

  async createUpload(caller: Caller, dossierId: string, input: DocumentUploadInput) {
    const dossier = await findDossier(this.deps.db, { id: dossierId });
    assertHandlesAtBranch(caller, dossier);
    const clean = validateDocumentUpload(input, this.deps.uploadMaxBytes);
    if (!OPEN_FOR_DOCUMENTS.includes(dossier.status)) {
      throw conflict(`Documents are added to a dossier from its receipt until its processing ends; this one is ${dossier.status}`);
    }
    const id = randomUUID();
    const now = this.deps.now();
    const document = await this.deps.db.transaction(async (tx) => {
      const inserted = await insertDocument(tx, {
        id,
        dossierId,
        ...clean,
        blobKey: `dossiers/${dossierId}/${id}`,
        createdBySubject: caller.subject,
        createdAt: now,
      });
      await this.deps.audit.record(tx, { action: "createDocumentUpload", entity: "document", entityId: inserted.id });
      return inserted;
    });
    const expiresAt = this.expiryFrom(now);
    const token = this.deps.links.sign({ purpose: "upload", documentId: id, expiresAt });
    return { document, uploadUrl: `${this.deps.publicUrl()}/uploads/${token}`, expiresAt };
  }

  /**
   * Takes the bytes PUT to an upload link. The link is used up the moment it is accepted, whatever
   * the outcome; `declaredLength` (Content-Length) lets an oversized body be refused unread.
   */
  async receiveUpload(token: string, body: Readable, declaredLength: number | null): Promise<UploadOutcome> {
    const check = this.deps.links.verify(token, "upload", this.deps.now());
    if (!check.ok) return refusedLink(check.reason);
    const document = await claimDocumentUpload(this.deps.db, check.claims.documentId, this.deps.now());
    if (!document) {
      const known = await findDocument(this.deps.db, check.claims.documentId);
      return known
        ? { refused: "used_link", message: "This upload link was used already; ask for a new one" }
        : refusedLink("invalid");
    }

    const refuse = async (refused: UploadRefusal, message: string): Promise<UploadOutcome> => {
      await markDocumentRefused(this.deps.db, document.id, refused);
      return { refused, message };
    };
    if (declaredLength !== null && declaredLength > document.sizeBytes) {
      return refuse("too_large", `The body is larger than the declared ${document.sizeBytes} bytes`);
    }
    if (declaredLength !== null && declaredLength < document.sizeBytes) {
      return refuse("size_mismatch", `The body is smaller than the declared ${document.sizeBytes} bytes`);
    }

    const meter = new UploadMeter(document.sizeBytes);
    // pipe() does not pass a failing or vanished client on: end the meter with it, or the store waits forever.
    body.on("error", (error) => meter.destroy(error));
    body.on("close", () => {
      if (!body.readableEnded) meter.destroy(new Error("the upload stopped before its end"));
    });
    // Bytes flow as soon as they are piped, maybe before the store has attached its pipeline: an
    // early failure must not be an unhandled 'error' event. The store still sees it (destroyed stream).
    meter.on("error", () => undefined);
    body.pipe(meter);
    try {
      await this.deps.blobs.put(document.blobKey, meter, () => {
        if (meter.bytes !== document.sizeBytes) {
          throw new UploadMismatch("size_mismatch", `Received ${meter.bytes} bytes, declared ${document.sizeBytes}`);
        }
        if (meter.sha256() !== document.sha256) {
          throw new UploadMismatch("hash_mismatch", "The bytes' SHA-256 is not the declared one");
        }
      });
    } catch (error) {
      if (meter.overflowed) return refuse("too_large", `The body is larger than the declared ${document.sizeBytes} bytes`);
      if (error instanceof UploadMismatch) return refuse(error.refusal, error.message);
      if (!body.readableEnded && body.destroyed) return refuse("interrupted", "The upload stopped before its end");
      await markDocumentRefused(this.deps.db, document.id, "storage failed").catch(() => undefined);
      throw error;
    }
    try {
      const stored = await this.deps.db.transaction(async (tx) => {
        const marked = await markDocumentStored(tx, document.id, this.deps.now());
        // The bytes came through a signed link: the clerk who asked for it is named by createDocumentUpload's entry.
        await this.deps.audit.record(tx, { action: "document.upload", entity: "document", entityId: marked.id });
        return marked;
      });
      return { stored };
    } catch (error) {
      await this.deps.blobs.delete(document.blobKey).catch(() => undefined);
      throw error;
    }
  }

  async openDownload(token: string): Promise<DownloadOutcome> {
    const check = this.deps.links.verify(token, "download", this.deps.now());
    if (!check.ok) return refusedLink(check.reason);
    const document = await findDocument(this.deps.db, check.claims.documentId);
    if (!document || document.status !== "STORED") return refusedLink("invalid");
    const bytes = await this.deps.blobs.get(document.blobKey);
    if (!bytes) {
      this.deps.logger.error({ documentId: document.id }, "a stored document's bytes are missing from the blob store");
      return { refused: "gone", message: "The document's bytes are no longer available" };
    }
    return { document, bytes };
  }

  /** A stored document the caller may read (node lookup). */
  async get(caller: Caller, id: string): Promise<DocumentRow | null> {
    const document = await findDocument(this.deps.db, id);
    if (!document || document.status !== "STORED") return null;
    const dossier = await findDossier(this.deps.db, { id: document.dossierId });
    return dossier && mayReadDocuments(caller, dossier) ? document : null;
  }

  /** A fresh signed download link, for viewers who may read the dossier; null for others and for bytes not stored. */
  async downloadUrl(document: DocumentRow, { caller, loaders }: FieldContext): Promise<string | null> {
    const dossier = caller && document.status === "STORED" ? await loaders.dossier.load(document.dossierId) : null;
    if (!caller || !dossier || !mayReadDocuments(caller, dossier)) return null;
    const token = this.deps.links.sign({ purpose: "download", documentId: document.id, expiresAt: this.expiryFrom(this.deps.now()) });
    return `${this.deps.publicUrl()}/documents/${token}`;
  }

  /** The guard of RECEIVED → DIGITIZED: at least one stored document. */
  async assertDigitized(tx: Executor, dossier: DossierRow): Promise<void> {
    if (!(await hasStoredDocument(tx, dossier.id))) {
      throw invalidTransition(dossier.status, "DIGITIZED", "no scanned document has been stored for it yet");
    }
  }

  private expiryFrom(now: Date): Date {
    return new Date(now.getTime() + this.deps.uploadUrlTtlSeconds * 1000);
  }
}

function refusedLink(reason: "invalid" | "expired"): { refused: "invalid_link" | "expired_link"; message: string } {
  return reason === "expired"
    ? { refused: "expired_link", message: "This link has expired; ask for a new one" }
    : { refused: "invalid_link", message: "This link is not valid" };
}

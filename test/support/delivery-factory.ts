/** Factories for the delivery domain's tests: scans uploaded over real HTTP, results made ready for the post, signed webhooks. */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { expect } from "vitest";
import { signPostWebhook } from "../../src/integrations/post/webhook.js";
import { ok } from "./graphql.js";
import type { TestHub } from "./hub.js";
import { receive, submitDossier, transition } from "./dossier-factory.js";

export const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

export const CREATE_UPLOAD = `mutation($dossierId: ID!, $kind: String!, $fileName: String!, $contentType: String!, $sizeBytes: Int!, $sha256: String!) {
  createDocumentUpload(dossierId: $dossierId, kind: $kind, fileName: $fileName, contentType: $contentType, sizeBytes: $sizeBytes, sha256: $sha256) {
    uploadUrl expiresAt document { id kind fileName contentType sizeBytes sha256 downloadUrl }
  }
}`;

export function uploadInput(dossierId: string, bytes: Buffer, overrides: Record<string, unknown> = {}) {
  return {
    dossierId,
    kind: "APPLICATION_FORM",
    fileName: "application-form.pdf",
    contentType: "application/pdf",
    sizeBytes: bytes.length,
    sha256: sha256(bytes),
    ...overrides,
  };
}

export async function createUpload(hub: TestHub, token: string, dossierId: string, bytes: Buffer, overrides: Record<string, unknown> = {}) {
  const data = await ok(hub.url, CREATE_UPLOAD, uploadInput(dossierId, bytes, overrides), token);
  return data.createDocumentUpload as { uploadUrl: string; expiresAt: string; document: { id: string; downloadUrl: string | null } };
}

export async function put(url: string, body: Buffer, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: "PUT", body, headers: { "content-type": "application/octet-stream", ...headers } });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** Declares and uploads one scan; returns the document's id. */
export async function uploadDocument(hub: TestHub, token: string, dossierId: string, bytes: Buffer = randomBytes(4096), kind = "APPLICATION_FORM") {
  const upload = await createUpload(hub, token, dossierId, bytes, { kind });
  const stored = await put(upload.uploadUrl, bytes);
  expect(stored.status, JSON.stringify(stored.body)).toBe(201);
  return upload.document.id;
}

/**
 * Streams up to `totalBytes` with chunked encoding (no Content-Length), producing chunks only as
 * fast as the server reads them; `sent` tells how much the server could have read.
 */
export function putStream(url: string, totalBytes: number): Promise<{ status: number; body: any; sent: number }> {
  const chunk = Buffer.alloc(64 * 1024, 7);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = httpRequest(url, { method: "PUT", headers: { "content-type": "application/pdf" } });
    req.on("response", (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on("data", (part: Buffer) => parts.push(part));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(parts).toString("utf8")), sent });
        req.destroy();
      });
    });
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    const pump = () => {
      while (sent < totalBytes && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!req.destroyed) req.end();
    };
    pump();
  });
}

/** Writes the whole body at once, chunked (no Content-Length); resolves with the status. */
export function putBurst(url: string, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: "PUT", headers: { "transfer-encoding": "chunked" } });
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Every file in the hub's blob folder (finished or partial), relative to it. */
export async function blobFiles(hub: TestHub): Promise<string[]> {
  const root = join(hub.config.dataDir, "blobs");
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(root.length + 1));
}

export const DELIVERY_FIELDS = `trackingNumber status statusNote events { status at note }`;

/** A BY_POST dossier of `branchCode` moved through the API to RESULT_READY. */
export async function resultReadyByPost(
  hub: TestHub,
  tokens: { citizen: string; clerk: string; staff: string },
  branchCode = "HN-PASC-B01",
  overrides: Record<string, unknown> = {},
) {
  const dossier = await submitDossier(hub, tokens.citizen, {
    branchCode,
    resultDelivery: "BY_POST",
    deliveryAddress: "12 Pho Hue, Hai Ba Trung, Ha Noi",
    ...overrides,
  });
  await receive(hub, tokens.clerk, dossier.id, branchCode);
  for (const to of ["IN_PROCESSING", "APPROVED", "RESULT_READY"]) await transition(hub, tokens.staff, dossier.id, to);
  return dossier as { id: string; code: string; applicant: { phone: string } };
}

export async function dispatch(hub: TestHub, token: string, dossierId: string) {
  const data = await ok(hub.url, `mutation($id: ID!) { dispatchResult(dossierId: $id) { ${DELIVERY_FIELDS} } }`, { id: dossierId }, token);
  return data.dispatchResult as { trackingNumber: string; status: string; statusNote: string | null; events: Array<{ status: string; at: string; note: string | null }> };
}

/** POSTs a tracking webhook to the hub, signed with `secret` at `signedAt` unless headers are given. */
export async function sendWebhook(
  hub: TestHub,
  data: { trackingNumber: string; status: string; at: string; note?: string | null },
  options: { secret?: string; webhookId?: string; signedAt?: Date; rawBody?: string; headers?: Record<string, string> } = {},
) {
  const body = options.rawBody ?? JSON.stringify({ type: "shipment.updated", data: { note: null, ...data } });
  const headers =
    options.headers ??
    signPostWebhook(options.secret ?? hub.partners.postWebhookSecret, options.webhookId ?? `msg_${randomUUID()}`, options.signedAt ?? new Date(), body);
  const response = await fetch(`${hub.hub.publicUrl}/webhooks/post`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  return { status: response.status, body: await response.text() };
}

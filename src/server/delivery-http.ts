/**
 * The delivery domain's plain-HTTP endpoints, mounted before any body parser: the signed upload
 * and download links of digitized documents (bytes streamed, never buffered) and the post's
 * tracking webhooks (the raw body, as signed). Every refusal is a 4xx with a JSON `{ error }`.
 */
import type { IncomingMessage } from "node:http";
import { pipeline } from "node:stream/promises";
import express, { type Request, type Response, type Router } from "express";
import { PostWebhookRefused, verifyPostWebhook } from "../integrations/post/webhook.js";
import { describeInternalError, type Logger } from "../logger.js";
import { toGlobalId } from "../schema/node.js";
import type { UploadRefusal } from "../services/delivery/document.service.js";
import type { HubServices } from "../services/index.js";

const uploadRefusalStatus: Record<UploadRefusal, number> = {
  invalid_link: 403,
  expired_link: 410,
  used_link: 409,
  too_large: 413,
  size_mismatch: 422,
  hash_mismatch: 422,
  interrupted: 400,
};

const WEBHOOK_BODY_LIMIT = "64kb";

export function deliveryRoutes(deps: { services: HubServices; postWebhookSecret: string; logger: Logger }): Router {
  const { services, logger } = deps;
  const router = express.Router();

  router.put("/uploads/:token", async (req: Request<{ token: string }>, res: Response) => {
    const outcome = await services.delivery.documents.receiveUpload(req.params.token, req, contentLength(req));
    if ("stored" in outcome) {
      const document = outcome.stored;
      res.status(201).json({
        document: {
          id: toGlobalId("Document", document.id),
          kind: document.kind,
          fileName: document.fileName,
          sizeBytes: document.sizeBytes,
          sha256: document.sha256,
          digitizedAt: document.storedAt,
        },
      });
      return;
    }
    if (!req.complete) {
      // Refused before the body's end (oversized, a bad link): answer, then close the connection
      // rather than read the rest of what the client is still sending.
      req.unpipe();
      req.pause();
      res.setHeader("connection", "close");
    }
    res.status(uploadRefusalStatus[outcome.refused]).json({ error: outcome.message, reason: outcome.refused });
  });

  router.get("/documents/:token", async (req: Request<{ token: string }>, res: Response) => {
    const outcome = await services.delivery.documents.openDownload(req.params.token);
    if ("refused" in outcome) {
      const status = outcome.refused === "expired_link" ? 410 : outcome.refused === "gone" ? 404 : 403;
      res.status(status).json({ error: outcome.message, reason: outcome.refused });
      return;
    }
    const { document, bytes } = outcome;
    res.status(200).set({
      "content-type": document.contentType,
      "content-length": String(document.sizeBytes),
      "content-disposition": contentDisposition(document.fileName),
      etag: `"${document.sha256}"`,
      "cache-control": "private, no-store",
    });
    try {
      await pipeline(bytes, res);
    } catch (error) {
      // Usually the client went away; nothing more can be sent on this response.
      logger.debug({ error: describeInternalError(error), documentId: document.id }, "document download ended early");
    }
  });

  router.post(
    "/webhooks/post",
    // The signature covers the body byte for byte, so it is read as text, whatever its content type.
    express.text({ type: () => true, limit: WEBHOOK_BODY_LIMIT }),
    async (req: Request, res: Response) => {
      const body = typeof req.body === "string" ? req.body : "";
      let event;
      try {
        event = verifyPostWebhook(deps.postWebhookSecret, req.headers, body);
      } catch (error) {
        if (!(error instanceof PostWebhookRefused)) throw error;
        logger.warn({ requestId: req.requestId, reason: error.reason }, "post webhook refused");
        const malformed = error.reason === "malformed body" || error.reason === "malformed webhook-id";
        await services.audit.log
          .recordAll([{ action: "post.webhook", entity: "delivery", outcome: malformed ? "BAD_USER_INPUT" : "UNAUTHENTICATED" }])
          .catch((failure: unknown) => logger.error({ error: describeInternalError(failure) }, "audit: could not record a refused webhook"));
        res.status(malformed ? 400 : 401).json({ error: error.message });
        return;
      }
      const outcome = await services.delivery.shipments.apply(
        "WEBHOOK",
        { trackingNumber: event.trackingNumber, status: event.status, at: new Date(event.at), note: event.note },
        event.webhookId,
      );
      // An unknown tracking number is accepted and ignored: the post need not retry it, nor see an error.
      res.status(outcome === "unknown" ? 202 : 200).json({ outcome });
    },
  );

  return router;
}

/** RFC 6266: an ASCII fallback and the UTF-8 name (Vietnamese file names are not Latin-1). */
function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .replace(/[^\x20-\x7e]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

function contentLength(req: IncomingMessage): number | null {
  const raw = req.headers["content-length"];
  if (raw === undefined || !/^\d+$/.test(raw)) return null;
  return Number(raw);
}

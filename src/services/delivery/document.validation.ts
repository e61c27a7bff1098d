import { badInput } from "../../errors.js";
import * as v from "../validation.js";

/** What the center accepts as a scan (SPEC §2, issue 7): PDF and the usual scanner image formats. */
const ALLOWED_CONTENT_TYPES = ["application/pdf", "image/jpeg", "image/png", "image/tiff"] as const;

export interface DocumentUploadInput {
  kind: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

/** The metadata of `createDocumentUpload`; BAD_USER_INPUT naming the field, before anything is written. */
export function validateDocumentUpload(input: DocumentUploadInput, maxBytes: number): DocumentUploadInput {
  const kind = v.text("kind", input.kind, { max: 100 });
  const fileName = v.text("fileName", input.fileName, { max: 255 });
  // The name ends up in a Content-Disposition header and on disk listings: no paths, no control characters.
  if (/[\\/\u0000-\u001f\u007f"]/.test(fileName) || /^\.+$/.test(fileName)) {
    throw badInput("fileName", "fileName must be a plain file name, without slashes, quotes or control characters");
  }
  const contentType = input.contentType.trim().toLowerCase();
  if (!(ALLOWED_CONTENT_TYPES as readonly string[]).includes(contentType)) {
    throw badInput("contentType", `contentType must be one of ${ALLOWED_CONTENT_TYPES.join(", ")}`);
  }
  if (!Number.isInteger(input.sizeBytes) || input.sizeBytes < 1 || input.sizeBytes > maxBytes) {
    throw badInput("sizeBytes", `sizeBytes must be between 1 and ${maxBytes}`);
  }
  const sha256 = input.sha256.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw badInput("sha256", "sha256 must be 64 hexadecimal digits");
  return { kind, fileName, contentType, sizeBytes: input.sizeBytes, sha256 };
}

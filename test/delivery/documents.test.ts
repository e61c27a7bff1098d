/**
 * Digitization over real HTTP: declared scans, signed single-use upload links on the hub's own
 * server, streamed and checked bytes, signed download links, and the DIGITIZED guard.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { describe, expect, it } from "vitest";
import { receive, submitDossier, transition } from "../support/dossier-factory.js";
import {
  blobFiles,
  CREATE_UPLOAD,
  createUpload,
  put,
  putBurst,
  putStream,
  sha256,
  uploadDocument,
  uploadInput,
} from "../support/delivery-factory.js";
import { errorCode, gql, ok } from "../support/graphql.js";
import { useTestHub, type TestHub } from "../support/hub.js";

let hub: TestHub;
/** The hub's clock runs this far ahead of the real one: links expire without waiting. */
let clockOffsetMs = 0;
const tokens = {} as Record<"citizen" | "otherCitizen" | "clerk" | "clerkB02" | "staff" | "staffB02", string>;

useTestHub(
  async (started) => {
    hub = started;
    tokens.citizen = await hub.token({ role: "CITIZEN", sub: "citizen-scans" });
    tokens.otherCitizen = await hub.token({ role: "CITIZEN", sub: "citizen-nosy" });
    tokens.clerk = await hub.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B01" });
    tokens.clerkB02 = await hub.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B02" });
    tokens.staff = await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" });
    tokens.staffB02 = await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B02" });
  },
  { now: () => new Date(Date.now() + clockOffsetMs) },
);

const DOCUMENTS = `query($id: ID!) { dossier(id: $id) { status documents { id kind fileName contentType sizeBytes sha256 digitizedAt downloadUrl } } }`;

async function receivedDossier() {
  const dossier = await submitDossier(hub, tokens.citizen);
  await receive(hub, tokens.clerk, dossier.id);
  return dossier.id as string;
}

const listed = async (dossierId: string, token = tokens.clerk) => (await ok(hub.url, DOCUMENTS, { id: dossierId }, token)).dossier.documents;

describe("uploading a scan", () => {
  it("streams a multi-megabyte PUT into the store, lists the document, and downloads the same bytes", async () => {
    const dossierId = await receivedDossier();
    const bytes = randomBytes(6 * 1024 * 1024 + 123);
    const upload = await createUpload(hub, tokens.clerk, dossierId, bytes, { kind: "LAND_CERTIFICATE_SCAN", fileName: "so-do.pdf" });
    expect(upload.uploadUrl.startsWith(`${hub.hub.publicUrl}/uploads/`)).toBe(true);
    expect(new Date(upload.expiresAt).getTime() - Date.now()).toBeGreaterThan(590_000);
    expect(upload.document.downloadUrl).toBeNull();
    expect(await listed(dossierId)).toEqual([]); // declared, not yet listed

    const stored = await put(upload.uploadUrl, bytes);
    expect(stored.status).toBe(201);
    expect(stored.body.document).toMatchObject({ id: upload.document.id, sizeBytes: bytes.length, sha256: sha256(bytes) });

    const [document] = await listed(dossierId);
    expect(document).toMatchObject({
      id: upload.document.id,
      kind: "LAND_CERTIFICATE_SCAN",
      fileName: "so-do.pdf",
      contentType: "application/pdf",
      sizeBytes: bytes.length,
      sha256: sha256(bytes),
    });
    const download = await fetch(document.downloadUrl);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it("serves a Vietnamese file name in the download's content-disposition", async () => {
    const dossierId = await receivedDossier();
    const bytes = randomBytes(1000);
    const upload = await createUpload(hub, tokens.clerk, dossierId, bytes, { fileName: "Đơn đề nghị cấp phép.pdf" });
    expect((await put(upload.uploadUrl, bytes)).status).toBe(201);
    const [document] = await listed(dossierId);
    const download = await fetch(document.downloadUrl);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe(
      `attachment; filename="Don de nghi cap phep.pdf"; filename*=UTF-8''${encodeURIComponent("Đơn đề nghị cấp phép.pdf")}`,
    );
  });

  it("refuses a body whose SHA-256 or size differs: nothing listed, no bytes kept", async () => {
    const dossierId = await receivedDossier();
    const before = await blobFiles(hub);
    const bytes = randomBytes(200_000);

    const wrongHash = await createUpload(hub, tokens.clerk, dossierId, bytes, { sha256: sha256(randomBytes(10)) });
    expect((await put(wrongHash.uploadUrl, bytes)).status).toBe(422);

    const short = await createUpload(hub, tokens.clerk, dossierId, bytes);
    const shortAnswer = await put(short.uploadUrl, bytes.subarray(0, 1000));
    expect(shortAnswer.status).toBe(422);
    expect(shortAnswer.body.error).toMatch(/smaller/);

    expect(await listed(dossierId)).toEqual([]);
    expect(await blobFiles(hub)).toEqual(before);
  });

  it("stops reading an oversized body as soon as it passes the declared size", async () => {
    const dossierId = await receivedDossier();
    const before = await blobFiles(hub);
    const declared = Buffer.alloc(1024 * 1024, 7);
    const total = 64 * 1024 * 1024;

    // Chunked, so the size shows only while streaming.
    const upload = await createUpload(hub, tokens.clerk, dossierId, declared);
    const answer = await putStream(upload.uploadUrl, total);
    expect(answer.status).toBe(413);
    expect(answer.body.error).toMatch(/larger than the declared/);
    expect(answer.sent).toBeLessThan(total / 4); // the rest was never asked for

    // An honest Content-Length over the declared size is refused without reading a byte.
    const declaredLarger = await createUpload(hub, tokens.clerk, dossierId, declared);
    expect((await put(declaredLarger.uploadUrl, Buffer.concat([declared, Buffer.from("x")]))).status).toBe(413);

    expect(await listed(dossierId)).toEqual([]);
    expect(await blobFiles(hub)).toEqual(before);
  });

  it("answers 413 to an oversized body that arrives in one burst, before the store is ready, and keeps serving", async () => {
    for (let i = 0; i < 3; i++) {
      const dossierId = await receivedDossier(); // a new folder in the store each time: the store is slowest then
      const upload = await createUpload(hub, tokens.clerk, dossierId, randomBytes(1000));
      expect(await putBurst(upload.uploadUrl, Buffer.alloc(8 * 1024 * 1024, 1))).toBe(413);
    }
    expect((await fetch(`${hub.hub.publicUrl}/healthz`)).status).toBe(200);
  });

  it("keeps nothing of an upload cut off midway, and the link stays used", async () => {
    const dossierId = await receivedDossier();
    const before = await blobFiles(hub);
    const bytes = randomBytes(2 * 1024 * 1024);
    const upload = await createUpload(hub, tokens.clerk, dossierId, bytes);
    const req = httpRequest(upload.uploadUrl, { method: "PUT", headers: { "content-length": String(bytes.length) } });
    req.on("error", () => undefined);
    req.write(bytes.subarray(0, 1024 * 1024));
    await new Promise((resolve) => setTimeout(resolve, 100));
    req.destroy();

    for (let waited = 0; waited < 5000 && (await blobFiles(hub)).length !== before.length; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await blobFiles(hub)).toEqual(before);
    expect((await put(upload.uploadUrl, bytes)).status).toBe(409);
    expect(await listed(dossierId)).toEqual([]);
  });

  it("refuses a reused, an expired and a tampered link with 4xx JSON", async () => {
    const dossierId = await receivedDossier();
    const bytes = randomBytes(5000);

    const once = await createUpload(hub, tokens.clerk, dossierId, bytes);
    expect((await put(once.uploadUrl, bytes)).status).toBe(201);
    const reused = await put(once.uploadUrl, bytes);
    expect(reused.status).toBe(409);
    expect(reused.body.error).toMatch(/used already/);

    const stale = await createUpload(hub, tokens.clerk, dossierId, bytes);
    clockOffsetMs = 601_000;
    try {
      const expired = await put(stale.uploadUrl, bytes);
      expect(expired.status).toBe(410);
      expect(expired.body.error).toMatch(/expired/);
    } finally {
      clockOffsetMs = 0;
    }

    const fresh = await createUpload(hub, tokens.clerk, dossierId, bytes);
    const token = fresh.uploadUrl.split("/uploads/")[1]!;
    const [payload, mac] = token.split(".") as [string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    const otherDocument = Buffer.from(JSON.stringify({ ...claims, d: randomUUID() })).toString("base64url");
    const longer = Buffer.from(JSON.stringify({ ...claims, e: claims.e + 86_400 })).toString("base64url");
    for (const forged of [`${longer}.${mac}`, `${otherDocument}.${mac}`, `${payload}.${mac.slice(0, -2)}AA`, "nonsense", `${payload}`]) {
      const answer = await put(`${hub.hub.publicUrl}/uploads/${forged}`, bytes);
      expect(answer.status, forged).toBe(403);
      expect(answer.body.error).toBeTruthy();
    }
    // A download link cannot serve as an upload link, nor the other way round.
    const [stored] = await listed(dossierId);
    const downloadToken = stored.downloadUrl.split("/documents/")[1];
    expect((await put(`${hub.hub.publicUrl}/uploads/${downloadToken}`, bytes)).status).toBe(403);
    expect((await fetch(`${hub.hub.publicUrl}/documents/${token}`)).status).toBe(403);

    // The untouched fresh link still works, and only the two honest uploads are listed.
    expect((await put(fresh.uploadUrl, bytes)).status).toBe(201);
    expect(await listed(dossierId)).toHaveLength(2);
  });

  it("takes one of two PUTs racing on one link", async () => {
    const dossierId = await receivedDossier();
    const bytes = randomBytes(500_000);
    const upload = await createUpload(hub, tokens.clerk, dossierId, bytes);
    const answers = await Promise.all([put(upload.uploadUrl, bytes), put(upload.uploadUrl, bytes)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    expect(await listed(dossierId)).toHaveLength(1);
  });

  it("refuses disallowed types, sizes, hashes and names with BAD_USER_INPUT naming the field, creating nothing", async () => {
    const dossierId = await receivedDossier();
    const bytes = randomBytes(100);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ contentType: "application/zip" }, "contentType"],
      [{ contentType: "text/html" }, "contentType"],
      [{ sizeBytes: 0 }, "sizeBytes"],
      [{ sizeBytes: -5 }, "sizeBytes"],
      [{ sizeBytes: hub.config.uploadMaxBytes + 1 }, "sizeBytes"],
      [{ sha256: "abc123" }, "sha256"],
      [{ sha256: "z".repeat(64) }, "sha256"],
      [{ kind: "  " }, "kind"],
      [{ fileName: "../../etc/passwd" }, "fileName"],
      [{ fileName: ".." }, "fileName"],
      [{ fileName: "x".repeat(256) }, "fileName"],
      [{ kind: "k".repeat(101) }, "kind"],
    ];
    for (const [overrides, field] of cases) {
      const response = await gql(hub.url, CREATE_UPLOAD, uploadInput(dossierId, bytes, overrides), tokens.clerk);
      expect(response.errors?.[0]?.extensions, JSON.stringify(overrides)).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
    // Upper-case hex and content types are accepted as the same values.
    const upload = await createUpload(hub, tokens.clerk, dossierId, bytes, { sha256: sha256(bytes).toUpperCase(), contentType: "IMAGE/TIFF" });
    expect((await put(upload.uploadUrl, bytes)).status).toBe(201);
    expect(await listed(dossierId)).toMatchObject([{ contentType: "image/tiff", sha256: sha256(bytes) }]);
  });
});

describe("who may upload and download", () => {
  it("lets only the clerks and staff of the dossier's branch declare scans", async () => {
    const dossierId = await receivedDossier();
    const input = uploadInput(dossierId, randomBytes(10));
    expect(await errorCode(hub.url, CREATE_UPLOAD, input, tokens.citizen)).toBe("FORBIDDEN");
    expect(await errorCode(hub.url, CREATE_UPLOAD, input, tokens.clerkB02)).toBe("NOT_FOUND");
    expect(await errorCode(hub.url, CREATE_UPLOAD, input, tokens.staffB02)).toBe("FORBIDDEN");
    await createUpload(hub, tokens.staff, dossierId, randomBytes(10));
  });

  it("gives download links to whoever may read the dossier, the applicant included, and refuses tampered ones", async () => {
    const dossierId = await receivedDossier();
    const bytes = randomBytes(3000);
    const documentId = await uploadDocument(hub, tokens.clerk, dossierId, bytes);

    const [mine] = await listed(dossierId, tokens.citizen);
    expect(Buffer.from(await (await fetch(mine.downloadUrl)).arrayBuffer()).equals(bytes)).toBe(true);
    expect((await ok(hub.url, DOCUMENTS, { id: dossierId }, tokens.otherCitizen)).dossier).toBeNull();

    const NODE = `query($id: ID!) { node(id: $id) { id ... on Document { sha256 downloadUrl } } }`;
    expect((await ok(hub.url, NODE, { id: documentId }, tokens.staff)).node).toMatchObject({ id: documentId, sha256: sha256(bytes) });
    expect((await ok(hub.url, NODE, { id: documentId }, tokens.otherCitizen)).node).toBeNull();
    expect((await ok(hub.url, NODE, { id: documentId }, tokens.clerkB02)).node).toBeNull();

    const tampered = mine.downloadUrl.replace(/.(.)$/, (_: string, last: string) => (last === "A" ? "BB" : "AA"));
    const refused = await fetch(tampered);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: expect.any(String) });

    clockOffsetMs = 601_000;
    try {
      expect((await fetch(mine.downloadUrl)).status).toBe(410);
    } finally {
      clockOffsetMs = 0;
    }
  });
});

describe("RECEIVED → DIGITIZED", () => {
  it("needs at least one stored document", async () => {
    const dossierId = await receivedDossier();
    const MOVE = `mutation($id: ID!) { transitionDossier(id: $id, to: DIGITIZED) { status } }`;
    const refused = await gql(hub.url, MOVE, { id: dossierId }, tokens.clerk);
    expect(refused.errors?.[0]?.extensions.code).toBe("INVALID_TRANSITION");
    expect(refused.errors?.[0]?.message).toMatch(/no scanned document/);

    // A declared but never uploaded scan does not count either.
    await createUpload(hub, tokens.clerk, dossierId, randomBytes(10));
    expect(await errorCode(hub.url, MOVE, { id: dossierId }, tokens.clerk)).toBe("INVALID_TRANSITION");

    await uploadDocument(hub, tokens.clerk, dossierId);
    expect((await transition(hub, tokens.clerk, dossierId, "DIGITIZED")).status).toBe("DIGITIZED");
  });

  it("takes no scans before the dossier is received", async () => {
    const dossier = await submitDossier(hub, tokens.citizen);
    expect(await errorCode(hub.url, CREATE_UPLOAD, uploadInput(dossier.id, randomBytes(10)), tokens.clerk)).toBe("CONFLICT");
  });
});

import { createHash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";

class UploadTooLarge extends Error {
  override readonly name = "UploadTooLarge";
}

/**
 * Passes the uploaded bytes through while hashing and counting them, and fails the moment more
 * arrive than were declared, so an oversized body is never read to its end.
 */
export class UploadMeter extends Transform {
  private readonly hash = createHash("sha256");
  private received = 0;
  private tooLarge = false;
  private digest: string | undefined;

  constructor(private readonly declaredSize: number) {
    super();
  }

  get bytes(): number {
    return this.received;
  }

  /** True once more bytes than declared arrived (however the failure then surfaced downstream). */
  get overflowed(): boolean {
    return this.tooLarge;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.received += chunk.length;
    if (this.received > this.declaredSize) {
      this.tooLarge = true;
      callback(new UploadTooLarge(`more than the declared ${this.declaredSize} bytes`));
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }

  /** Hex SHA-256 of everything that passed; call once the stream has ended. */
  sha256(): string {
    this.digest ??= this.hash.digest("hex");
    return this.digest;
  }
}

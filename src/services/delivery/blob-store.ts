/**
 * Where document bytes live. The domain speaks only this interface, so an S3-compatible store
 * (multipart upload completed only after `accept`) can replace the local folder without touching it.
 */
import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

export interface BlobStore {
  /**
   * Stores the stream's bytes under `key`. `accept` runs once the stream has ended; the bytes are
   * kept only if it returns without throwing — otherwise, or when the stream fails, nothing is left.
   */
  put(key: string, source: Readable, accept?: () => void | Promise<void>): Promise<void>;
  /** The bytes, or null when there is no such blob. */
  get(key: string): Promise<Readable | null>;
  delete(key: string): Promise<void>;
}

const KEY = /^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)*$/;

/** The default store: files under a folder (the data folder's `blobs/`), written to a temporary name and renamed when accepted. */
export class LocalFolderBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  async put(key: string, source: Readable, accept?: () => void | Promise<void>): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true });
    const partial = `${target}.${randomBytes(6).toString("hex")}.part`;
    try {
      await pipeline(source, createWriteStream(partial, { flags: "wx", mode: 0o600 }));
      await accept?.();
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Readable | null> {
    const path = this.pathOf(key);
    const found = await stat(path).catch(() => null);
    return found?.isFile() ? createReadStream(path) : null;
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    // Keys are made by the hub, but a path must never leave the folder whatever a key says.
    if (!KEY.test(key)) throw new Error(`invalid blob key ${JSON.stringify(key)}`);
    return join(this.root, key);
  }
}

import "server-only";

// Where `Idempotency-Key` records live. The interface is what a shared store (SQLite, PostgreSQL)
// will implement when several instances of the dashboard must agree; this file's store keeps them
// in this process's memory, which is enough for one instance.

/** A response as it can be stored and sent again. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  /** The body text; "" for none. */
  body: string;
}

export type IdempotencyClaim =
  /** The key is now this request's: run it, then settle the claim (always, whatever happened). */
  | { kind: "claimed"; settle(response: StoredResponse, remember: boolean): Promise<void> }
  /** The same request under this key already has an answer (it may have been awaited): send it again. */
  | { kind: "replay"; response: StoredResponse }
  /** The key was used for a request with other content. */
  | { kind: "mismatch" };

export interface IdempotencyStore {
  /**
   * Claims `key` for a request whose content hashes to `fingerprint`. When a request with the same
   * key and fingerprint is still running, waits for it and answers its response (remembered or not),
   * so two racing duplicates act once. A settled claim that is not remembered frees the key.
   */
  claim(key: string, fingerprint: string): Promise<IdempotencyClaim>;
}

export interface MemoryIdempotencyStoreOptions {
  /** How long a remembered answer is replayed; the IETF draft suggests 24 h. */
  ttlMs?: number;
  /** Records kept at most; the oldest go first. */
  maxRecords?: number;
  now?: () => number;
}

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
export const IDEMPOTENCY_MAX_RECORDS = 10_000;

type MemoryRecord =
  | { state: "running"; fingerprint: string; expiresAt: number; done: Promise<StoredResponse> }
  | { state: "done"; fingerprint: string; expiresAt: number; response: StoredResponse };

export class MemoryIdempotencyStore implements IdempotencyStore {
  /** In order of last write, so the oldest (and first to expire) come first. */
  private readonly records = new Map<string, MemoryRecord>();
  private readonly ttlMs: number;
  private readonly maxRecords: number;
  private readonly now: () => number;

  constructor(options: MemoryIdempotencyStoreOptions = {}) {
    this.ttlMs = options.ttlMs ?? IDEMPOTENCY_TTL_MS;
    this.maxRecords = options.maxRecords ?? IDEMPOTENCY_MAX_RECORDS;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.records.size;
  }

  async claim(key: string, fingerprint: string): Promise<IdempotencyClaim> {
    this.dropExpired();
    const existing = this.records.get(key);
    if (existing) {
      if (existing.fingerprint !== fingerprint) return { kind: "mismatch" };
      if (existing.state === "done") return { kind: "replay", response: existing.response };
      return { kind: "replay", response: await existing.done };
    }

    let finish!: (response: StoredResponse) => void;
    const done = new Promise<StoredResponse>((resolve) => (finish = resolve));
    const record: MemoryRecord = { state: "running", fingerprint, expiresAt: this.now() + this.ttlMs, done };
    this.write(key, record);
    return {
      kind: "claimed",
      settle: async (response, remember) => {
        if (remember) this.write(key, { state: "done", fingerprint, expiresAt: this.now() + this.ttlMs, response });
        else if (this.records.get(key) === record) this.records.delete(key);
        finish(response);
      },
    };
  }

  private write(key: string, record: MemoryRecord): void {
    this.records.delete(key);
    this.records.set(key, record);
    for (const oldest of this.records.keys()) {
      if (this.records.size <= this.maxRecords) break;
      this.records.delete(oldest); // a running one's waiters hold its promise and still get the answer
    }
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [key, record] of this.records) {
      if (record.expiresAt > now) break;
      this.records.delete(key);
    }
  }
}

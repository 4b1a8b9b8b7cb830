// Fan-in for reads from VPS.org: concurrent identical reads share one request, and an answer may
// be kept for a short time so a team polling the same list costs the provider about one poller.
// Every mutation invalidates everything at once; a generation counter stops a read that started
// before the mutation from putting its (now stale) answer back into the cache after it.

export interface ReadCacheOptions {
  /** How long an answer is kept after it arrived; 0 keeps nothing (identical concurrent reads still share one request). */
  ttlMs: number;
  /** Distinct keys kept at most (filters are user input); the oldest go first. */
  maxEntries?: number;
  now?: () => number;
}

export interface ReadOptions {
  /** Keep the answer for the TTL. */
  cache: boolean;
  /** Also keep these failures for the TTL (answers such as 403 that asking again will not change). */
  cacheError?: (error: unknown) => boolean;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export const DEFAULT_MAX_CACHE_ENTRIES = 500;

export class ReadCache {
  private generation = 0;
  private readonly entries = new Map<string, { expiresAt: number; outcome: Outcome }>();
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly now: () => number;
  private readonly maxEntries: number;

  constructor(private readonly options: ReadCacheOptions) {
    this.now = options.now ?? Date.now;
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_CACHE_ENTRIES;
  }

  /** `load()` once for every concurrent caller with this key, or the kept answer while it is fresh. */
  read<T>(key: string, load: () => Promise<T>, options: ReadOptions): Promise<T> {
    const kept = this.entries.get(key);
    if (kept && kept.expiresAt > this.now()) {
      return kept.outcome.ok ? Promise.resolve(kept.outcome.value as T) : Promise.reject(kept.outcome.error);
    }
    if (kept) this.entries.delete(key);

    const joined = this.inFlight.get(key);
    if (joined) return joined as Promise<T>;

    const generation = this.generation;
    const settle = (outcome: Outcome, keep: boolean) => {
      if (this.inFlight.get(key) === promise) this.inFlight.delete(key);
      // Only an answer that no mutation can have overtaken is kept.
      if (keep && this.options.ttlMs > 0 && generation === this.generation) this.keep(key, outcome);
    };
    const promise: Promise<T> = load().then(
      (value) => {
        settle({ ok: true, value }, options.cache);
        return value;
      },
      (error: unknown) => {
        settle({ ok: false, error }, options.cache && (options.cacheError?.(error) ?? false));
        throw error;
      },
    );
    this.inFlight.set(key, promise);
    return promise;
  }

  /**
   * Something changed at VPS.org (or may have): forget every kept answer, and let no read that is
   * under way be joined or kept, so the next read asks the provider.
   */
  invalidate(): void {
    this.generation += 1;
    this.entries.clear();
    this.inFlight.clear();
  }

  /** Kept keys, for tests and diagnostics. */
  get size(): number {
    return this.entries.size;
  }

  private keep(key: string, outcome: Outcome): void {
    this.entries.delete(key);
    this.entries.set(key, { expiresAt: this.now() + this.options.ttlMs, outcome });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}

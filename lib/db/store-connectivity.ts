import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type {
  CompiledQuery,
  DatabaseConnection as KyselyConnection,
  Dialect as KyselyDialect,
  Driver,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from "kysely";
import { classifyStoreError, describeStoreFailure, StoreUnavailableError } from "@/lib/db/store-unavailable";
import { componentLogger } from "@/lib/log/logger";

// Every query of the store passes the driver below, so a failure to reach the database leaves it as
// a StoreUnavailableError (503 store_unavailable) whoever ran the query: our code or Better Auth.
// The monitor logs an outage once, when it starts, and once more when the database answers again,
// rather than a line (or an uncaught exception) per lost connection.

/** What a run watched with `watchFailures` saw: the first failure to reach the store, if any. */
export interface FailureWatch {
  readonly failure: StoreUnavailableError | null;
}

export class StoreConnectivity {
  #downSince: number | null = null;
  readonly #watches = new AsyncLocalStorage<{ failure: StoreUnavailableError | null }>();

  constructor(
    /** "PostgreSQL" or "SQLite", for the log. */
    private readonly name: string,
  ) {}

  /** A query failed, or the pool lost an idle connection: logged once per outage. */
  failed(error: unknown): void {
    if (error instanceof StoreUnavailableError) this.#noteInWatch(error);
    if (this.#downSince !== null) return;
    this.#downSince = Date.now();
    componentLogger("store").error(
      { store: this.name, outage: "started" },
      `${this.name} cannot be reached (${describeStoreFailure(error)}): requests that need it are answered ` +
        `503 store_unavailable until it answers again`,
    );
  }

  /** A query succeeded. */
  reachable(): void {
    if (this.#downSince === null) return;
    const seconds = Math.round((Date.now() - this.#downSince) / 1000);
    this.#downSince = null;
    componentLogger("store").info(
      { store: this.name, outage: "ended", seconds },
      `${this.name} answers again (it could not be reached for about ${seconds} s)`,
    );
  }

  /**
   * Runs `run` and tells it the first failure to reach the store during it, including one that a
   * library caught and answered in its own way (Better Auth turns a failed session lookup into
   * "no session", and a failed query into a 500 of its own).
   */
  watchFailures<T>(run: (watch: FailureWatch) => Promise<T>): Promise<T> {
    const watch = { failure: null };
    return this.#watches.run(watch, () => run(watch));
  }

  #noteInWatch(failure: StoreUnavailableError): void {
    const watch = this.#watches.getStore();
    if (watch && watch.failure === null) watch.failure = failure;
  }

  /** Runs one step of the driver: a failure to reach the database leaves it classified, and counts. */
  async guard<T>(step: () => Promise<T>, options: { duringCommit?: boolean } = {}): Promise<T> {
    try {
      const result = await step();
      this.reachable();
      return result;
    } catch (error) {
      const classified = classifyStoreError(error, options);
      if (classified instanceof StoreUnavailableError) this.failed(classified);
      throw classified;
    }
  }
}

/** `dialect` with every driver step guarded by `connectivity`: the same SQL, the same connections. */
export function guardedDialect(dialect: KyselyDialect, connectivity: StoreConnectivity): KyselyDialect {
  return {
    createDriver: () => new GuardedDriver(dialect.createDriver(), connectivity),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}

class GuardedConnection implements KyselyConnection {
  constructor(
    readonly inner: KyselyConnection,
    private readonly connectivity: StoreConnectivity,
  ) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.connectivity.guard(() => this.inner.executeQuery<R>(query));
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    try {
      yield* this.inner.streamQuery<R>(query, chunkSize);
    } catch (error) {
      const classified = classifyStoreError(error);
      if (classified instanceof StoreUnavailableError) this.connectivity.failed(classified);
      throw classified;
    }
  }
}

type Compile = QueryCompiler["compileQuery"];

class GuardedDriver implements Driver {
  readonly #wrapped = new WeakMap<KyselyConnection, GuardedConnection>();
  /** A COMMIT that failed, per connection: Kysely rolls back next, and that failure must not hide this one. */
  readonly #failedCommits = new WeakMap<KyselyConnection, unknown>();

  constructor(
    private readonly inner: Driver,
    private readonly connectivity: StoreConnectivity,
  ) {}

  init(): Promise<void> {
    return this.connectivity.guard(() => this.inner.init());
  }

  async acquireConnection(): Promise<KyselyConnection> {
    const connection = await this.connectivity.guard(() => this.inner.acquireConnection());
    let wrapped = this.#wrapped.get(connection);
    if (!wrapped) {
      wrapped = new GuardedConnection(connection, this.connectivity);
      this.#wrapped.set(connection, wrapped);
    }
    return wrapped;
  }

  beginTransaction(connection: KyselyConnection, settings: TransactionSettings): Promise<void> {
    return this.connectivity.guard(() => this.inner.beginTransaction(unwrap(connection), settings));
  }

  async commitTransaction(connection: KyselyConnection): Promise<void> {
    try {
      await this.connectivity.guard(() => this.inner.commitTransaction(unwrap(connection)), { duringCommit: true });
    } catch (error) {
      this.#failedCommits.set(connection, error);
      throw error;
    }
  }

  async rollbackTransaction(connection: KyselyConnection): Promise<void> {
    const failedCommit = this.#failedCommits.get(connection);
    this.#failedCommits.delete(connection);
    try {
      await this.connectivity.guard(() => this.inner.rollbackTransaction(unwrap(connection)));
    } catch (error) {
      // The rollback after a failed COMMIT fails on the same dead connection: what the caller
      // needs to know is that the COMMIT's outcome is unknown.
      throw failedCommit ?? error;
    }
  }

  savepoint(connection: KyselyConnection, name: string, compile: Compile): Promise<void> {
    return this.connectivity.guard(() => this.#required("savepoint")(unwrap(connection), name, compile));
  }

  rollbackToSavepoint(connection: KyselyConnection, name: string, compile: Compile): Promise<void> {
    return this.connectivity.guard(() => this.#required("rollbackToSavepoint")(unwrap(connection), name, compile));
  }

  releaseSavepoint(connection: KyselyConnection, name: string, compile: Compile): Promise<void> {
    return this.connectivity.guard(() => this.#required("releaseSavepoint")(unwrap(connection), name, compile));
  }

  releaseConnection(connection: KyselyConnection): Promise<void> {
    return this.inner.releaseConnection(unwrap(connection));
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }

  #required(step: "savepoint" | "rollbackToSavepoint" | "releaseSavepoint") {
    const method = this.inner[step];
    if (!method) throw new Error(`The ${step} method is not supported by this driver`);
    return method.bind(this.inner);
  }
}

function unwrap(connection: KyselyConnection): KyselyConnection {
  return connection instanceof GuardedConnection ? connection.inner : connection;
}

import { describe, expect, it } from "vitest";
import { asApiError } from "@/lib/http/server/api-error";
import {
  classifyStoreError,
  describeStoreFailure,
  StoreUnavailableError,
  unreachableReason,
} from "@/lib/db/store-unavailable";

// Which failures mean "the database cannot be reached" (503 store_unavailable) and which stay what
// they are. The store tests (tests/store/store-outage.test.ts) produce the common ones for real; these
// are the shapes a test cannot easily make happen: PostgreSQL's other connection states, Node.js's
// AggregateError, a wrapper of a library.

const withCode = (code: string, message = `failure ${code}`) => Object.assign(new Error(message), { code });

describe("store failures: what counts as unreachable", () => {
  it.each([
    ["ECONNREFUSED", withCode("ECONNREFUSED")],
    ["ECONNRESET", withCode("ECONNRESET")],
    ["ETIMEDOUT", withCode("ETIMEDOUT")],
    ["EPIPE", withCode("EPIPE")],
    ["EAI_AGAIN", withCode("EAI_AGAIN")],
    ["08006", withCode("08006", "connection failure")],
    ["08001", withCode("08001", "sqlclient unable to establish sqlconnection")],
    ["57P01", withCode("57P01", "terminating connection due to administrator command")],
    ["57P02", withCode("57P02", "terminating connection because of crash of another server process")],
    ["57P03", withCode("57P03", "the database system is starting up")],
    ["53300", withCode("53300", "sorry, too many clients already")],
    ["connection_terminated", new Error("Connection terminated unexpectedly")],
    ["connection_terminated", new Error("Connection terminated due to connection timeout")],
    ["connect_timeout", new Error("timeout exceeded when trying to connect")],
    ["SQLITE_BUSY", withCode("SQLITE_BUSY", "database is locked")],
    ["SQLITE_BUSY_SNAPSHOT", withCode("SQLITE_BUSY_SNAPSHOT")],
    ["SQLITE_CANTOPEN", withCode("SQLITE_CANTOPEN", "unable to open database file")],
    ["SQLITE_IOERR_WRITE", withCode("SQLITE_IOERR_WRITE", "disk I/O error")],
  ])("%s", (reason, error) => {
    expect(unreachableReason(error)).toBe(reason);
    const classified = classifyStoreError(error);
    expect(classified).toBeInstanceOf(StoreUnavailableError);
    expect(asApiError(classified)).toMatchObject({ code: "store_unavailable", status: 503, retryAfterSeconds: 5 });
  });

  it.each([
    ["a unique violation", withCode("23505", 'duplicate key value violates unique constraint "user_email_key"')],
    ["a missing table", withCode("42P01", 'relation "nope" does not exist')],
    ["a syntax error", withCode("42601", "syntax error at or near")],
    ["a serialization failure", withCode("40001", "could not serialize access")],
    ["a SQLite constraint", withCode("SQLITE_CONSTRAINT_UNIQUE", "UNIQUE constraint failed: user.email")],
    ["SQLite's disk full", withCode("SQLITE_FULL", "database or disk is full")],
    ["a TypeError", new TypeError("Cannot read properties of undefined")],
    ["not an error at all", "ECONNREFUSED"],
  ])("%s stays what it is", (_name, error) => {
    expect(unreachableReason(error)).toBeNull();
    expect(classifyStoreError(error)).toBe(error);
    expect(asApiError(error).code).toBe("internal_error");
  });

  it("looks into causes and into Node.js's AggregateError (every address of a host refused)", () => {
    const refused = new AggregateError([withCode("ECONNREFUSED"), withCode("ECONNREFUSED")], "");
    expect(unreachableReason(refused)).toBe("ECONNREFUSED");
    const wrapped = new Error("Failed to get session", { cause: withCode("57P01") });
    expect(unreachableReason(wrapped)).toBe("57P01");
  });

  it("a library's error wrapping the store's failure answers as the store's failure", () => {
    const failure = classifyStoreError(withCode("ECONNREFUSED"));
    const wrapper = new Error("INTERNAL_SERVER_ERROR", { cause: failure });
    expect(asApiError(wrapper).code).toBe("store_unavailable");
  });

  it("a failed COMMIT does not claim that nothing was changed", () => {
    const answer = asApiError(
      classifyStoreError(new Error("Connection terminated unexpectedly"), { duringCommit: true }),
    );
    expect(answer.code).toBe("store_unavailable");
    expect(answer.message).toMatch(/may or may not have been saved/);
    expect(answer.message).not.toMatch(/nothing was changed/);
  });

  it("describes a failure for the log by its code and message, with any URL's credentials taken out", () => {
    expect(
      describeStoreFailure(classifyStoreError(withCode("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432"))),
    ).toBe("ECONNREFUSED connect ECONNREFUSED 127.0.0.1:5432");
    expect(describeStoreFailure(new Error("cannot use postgres://app:s3cret@db:5432/app"))).toBe(
      "cannot use postgres://…@db:5432/app",
    );
  });
});

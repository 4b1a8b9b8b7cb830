import { describe, expect, it } from "vitest";
import { operationOf } from "@/lib/vpsorg/operations";

describe("operationOf", () => {
  it("names each operation of the contract, whatever its ids and query", () => {
    expect(operationOf("GET", "/backups/")).toBe("list_backups");
    expect(operationOf("GET", "/backups/?server_id=12345&page=2")).toBe("list_backups");
    expect(operationOf("POST", "/backups/")).toBe("create_backup");
    expect(operationOf("DELETE", "/backups/501/")).toBe("delete_backup");
    expect(operationOf("POST", "/servers/12345/restore/")).toBe("restore_server");
    expect(operationOf("GET", "/servers/")).toBe("list_servers");
    expect(operationOf("GET", "/account/me/")).toBe("get_account");
  });

  it("calls anything else other, so the label's values stay few", () => {
    expect(operationOf("GET", "/backups/501/")).toBe("other");
    expect(operationOf("PATCH", "/servers/1/")).toBe("other");
  });
});

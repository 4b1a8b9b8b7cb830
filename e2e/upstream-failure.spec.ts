import { expect, test } from "./fixtures";

test.describe("when VPS.org fails", () => {
  test("the list shows the provider's message, and Retry brings it back once the provider recovers", async ({
    page,
    simulator,
  }) => {
    await simulator.fault({ mode: "error", status: 500, path: "/backups/" });
    await page.goto("/");
    const alert = page.getByRole("alert").filter({ hasText: "The backups could not be loaded." });
    await expect(alert).toContainText("VPS.org failed (status 500)");
    await expect(page.getByRole("table", { name: "Backup list" })).toHaveCount(0);

    await simulator.clearFaults();
    await alert.getByRole("button", { name: "Retry" }).click();
    await expect(page.getByRole("table", { name: "Backup list" })).toBeVisible();
    await expect(alert).toHaveCount(0);
  });

  test("a failed refresh keeps the list, says so, and the next poll recovers by itself", async ({
    page,
    simulator,
  }) => {
    await page.goto("/");
    await page.getByRole("article", { name: "web-server-01" }).getByRole("button", { name: "Back up now" }).click();
    await page
      .getByRole("dialog", { name: "Create a manual backup" })
      .getByRole("button", { name: "Create backup" })
      .click();
    const table = page.getByRole("table", { name: "Backup list" });
    await expect(table.getByRole("row").nth(1)).toContainText("In progress");

    // One poll's worth of failures (the route tries a GET three times), then VPS.org is back.
    await simulator.fault({ mode: "error", status: 503, method: "GET", path: "/backups/", times: 3 });
    const stale = page.getByRole("alert").filter({ hasText: "The list could not be refreshed" });
    await expect(stale).toBeVisible();
    await expect(stale).toContainText(/Stale since \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await expect(table).toBeVisible();
    await expect(stale).toHaveCount(0);
    await expect(table.getByRole("row").nth(1)).toContainText("Completed");
  });
});

test.describe("each VPS.org fault", () => {
  const faults = [
    { name: "a 500", fault: { mode: "error", status: 500 }, message: "VPS.org failed (status 500)" },
    {
      name: "rate limiting with Retry-After",
      fault: { mode: "rate_limit", retry_after: 1 },
      message: "VPS.org is rate-limiting the dashboard",
    },
    { name: "malformed JSON", fault: { mode: "malformed" }, message: "not valid JSON" },
    { name: "a dropped connection", fault: { mode: "drop" }, message: "VPS.org could not be reached" },
    {
      name: "latency beyond the timeout",
      fault: { mode: "latency", latency_ms: 4_500 },
      message: "VPS.org did not answer",
    },
  ];

  for (const { name, fault, message } of faults) {
    test(`${name}: the page says what happened, then recovers by itself when it ends`, async ({ page, simulator }) => {
      await simulator.fault({ ...fault, method: "GET", path: "/backups/" });
      await page.goto("/");
      const alert = page.getByRole("alert").filter({ hasText: "The backups could not be loaded." });
      await expect(alert).toContainText(message, { timeout: 20_000 });

      await simulator.clearFaults();
      // No click: the page keeps polling (backing off) and the list comes back on its own.
      await expect(page.getByRole("table", { name: "Backup list" })).toBeVisible({ timeout: 30_000 });
      await expect(alert).toHaveCount(0);
    });
  }
});

import { expect, test } from "./fixtures";

// The page reads the account watcher's picture in the store: while VPS.org fails, the team keeps the
// last good list, with a note saying since when and why, and the note goes by itself once VPS.org
// answers again. (With no picture at all the answer is the error: tests/integration/provider-faults.test.ts.)

const failureNote = (page: import("@playwright/test").Page) =>
  page.getByRole("alert").filter({ hasText: "VPS.org cannot be read since" });

test.describe("when VPS.org fails", () => {
  test("the list stays, with since when and VPS.org's reason, and the note goes by itself on recovery", async ({
    page,
    simulator,
  }) => {
    await page.goto("/");
    const table = page.getByRole("table", { name: "Backup list" });
    await expect(table).toBeVisible();
    await expect(page.getByText(/Checked with VPS\.org at \d{4}-\d{2}-\d{2} \d{2}:\d{2}/)).toBeVisible();

    await simulator.fault({ mode: "error", status: 500, method: "GET", path: "/backups/" });
    const note = failureNote(page);
    // The page's slow refresh (10 s) reads the picture with the watcher's failure beside it.
    await expect(note).toContainText("VPS.org failed (status 500)", { timeout: 15_000 });
    await expect(note).toContainText(/this is the list as it last showed it, at \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await expect(table).toBeVisible();
    await expect(table.getByRole("row")).not.toHaveCount(1);

    await simulator.clearFaults();
    // While the note shows, the page polls every 3 s.
    await expect(note).toHaveCount(0, { timeout: 10_000 });
    await expect(table).toBeVisible();
  });

  test("a backup in progress stays followed through a failure and completes after it", async ({ page, simulator }) => {
    await page.goto("/");
    await page.getByRole("article", { name: "web-server-01" }).getByRole("button", { name: "Back up now" }).click();
    await page
      .getByRole("dialog", { name: "Create a manual backup" })
      .getByRole("button", { name: "Create backup" })
      .click();
    const table = page.getByRole("table", { name: "Backup list" });
    await expect(table.getByRole("row").nth(1)).toContainText("In progress");

    await simulator.fault({ mode: "error", status: 503, method: "GET", path: "/backups/" });
    const note = failureNote(page);
    await expect(note).toBeVisible();
    await expect(note).toContainText(/since \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await expect(table.getByRole("row").nth(1)).toContainText("In progress");

    await simulator.clearFaults();
    await expect(note).toHaveCount(0);
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
    test(`${name}: the page says what happened beside the list, then recovers by itself when it ends`, async ({
      page,
      simulator,
    }) => {
      await simulator.fault({ ...fault, method: "GET", path: "/backups/" });
      await page.goto("/");
      const note = failureNote(page);
      await expect(note).toContainText(message);
      await expect(page.getByRole("table", { name: "Backup list" })).toBeVisible();

      await simulator.clearFaults();
      // No click: the page polls every 3 s while the note shows.
      await expect(note).toHaveCount(0, { timeout: 15_000 });
      await expect(page.getByRole("table", { name: "Backup list" })).toBeVisible();
    });
  }
});

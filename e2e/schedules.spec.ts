import { randomBytes } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { addUser, anonymousPage, expect, signInThroughPage, test } from "./fixtures";

// The schedules page: an admin creates a schedule with a seconds cron (SCHEDULES_ALLOW_SECONDS in
// playwright.config.ts) for one server, sees its next five run times and its retention preview
// before saving, sees its run's backup (made by the watcher's holder) in its runs and in the backups
// list, and pauses it; a viewer sees the schedules with every change disabled and its reason.

/** Schedules live in the dashboard's store, which the fixtures do not reset: each test removes its own. */
async function deleteAllSchedules(request: APIRequestContext) {
  const list = (await (await request.get("/api/schedules")).json()) as { schedules: { id: number }[] };
  for (const schedule of list.schedules) {
    const response = await request.delete(`/api/schedules/${schedule.id}`);
    expect(response.status(), await response.text()).toBe(204);
  }
}

test.afterEach(async ({ request }) => deleteAllSchedules(request));

const schedulesTable = (page: Page) => page.getByRole("table", { name: "All schedules" });

test.describe("schedules", () => {
  test.use({ reducedMotion: "reduce" });

  test("an admin previews and creates a seconds schedule for one server, sees its run's backup, and pauses it", async ({
    page,
  }) => {
    const name = `Rotation ${randomBytes(3).toString("hex")}`;
    await page.goto("/");
    await page.getByRole("navigation").getByRole("link", { name: "Schedules" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Schedules" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Limits" })).toContainText("never a backup a person made");

    await page.getByRole("button", { name: "New schedule" }).click();
    const dialog = page.getByRole("dialog", { name: "New schedule" });
    await dialog.getByLabel("Name", { exact: true }).fill(name);
    // A bad cron: the preview's 400 is shown beside the field it names.
    const cron = dialog.getByLabel("Cron", { exact: true });
    await cron.fill("61 * * * *");
    await expect(cron).toHaveAccessibleDescription(/minute/i);
    await expect(cron).toHaveAttribute("aria-invalid", "true");
    await cron.fill("*/5 * * * * *");
    await expect(cron).not.toHaveAttribute("aria-invalid", "true");
    // Not Asia/Ho_Chi_Minh: this Node's ICU stores it by its older canonical name, Asia/Saigon.
    await dialog.getByLabel("Time zone", { exact: true }).fill("Europe/Berlin");
    await dialog.getByLabel("web-server-01", { exact: true }).check();
    // A template without the schedule's name, so the list can only name it through the attribution.
    await dialog.getByLabel("Description template", { exact: true }).fill("Scheduled {server} {time}");
    await dialog.getByLabel("Keep last", { exact: true }).fill("2");

    // Before saving: the next five run times, in the schedule's zone and the viewer's, and retention.
    const preview = dialog.getByRole("region", { name: "Preview" });
    const runTimes = preview.getByRole("list", { name: "Next run times" }).getByRole("listitem");
    await expect(runTimes).toHaveCount(5);
    await expect(runTimes.first()).toContainText("(Europe/Berlin)");
    await expect(runTimes.first()).toContainText("your time");
    // Five seconds apart: each shows its seconds.
    const times = (await runTimes.allTextContents()).map((text) => /\d\d:\d\d:(\d\d)/.exec(text)?.[1]);
    expect(times.every((seconds) => seconds !== undefined && Number(seconds) % 5 === 0)).toBe(true);
    const retention = preview.getByRole("group", { name: "web-server-01" });
    await expect(retention).toContainText("Keeps (0)");
    await expect(retention).toContainText("Deletes (0)");
    await expect(retention).toContainText(/Never touched: \d+ by people/);
    await expect(dialog.getByLabel("Description template", { exact: true })).toHaveAccessibleDescription(
      /The next backup's: Scheduled web-server-01 \d\d:\d\d/,
    );

    await dialog.getByRole("button", { name: "Create schedule" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("status").filter({ hasText: `Schedule ${name} created.` })).toBeVisible();
    const row = schedulesTable(page).getByRole("row").filter({ hasText: name });
    await expect(row).toContainText("web-server-01");
    await expect(row).toContainText("Europe/Berlin");
    await expect(row).toContainText("last 2");
    await expect(row).toContainText("Enabled");

    // Its runs: the watcher's holder runs it within seconds; the backup completes 2.5 s later.
    await row.getByRole("button", { name: `Runs of ${name}` }).click();
    const runs = page.getByRole("table", { name: `Latest runs of ${name}` });
    const completed = runs.getByRole("listitem").filter({ hasText: "Completed" }).first();
    await expect(completed).toContainText("web-server-01", { timeout: 30_000 });
    const backupId = /backup (\d+)/.exec((await completed.textContent()) ?? "")?.[1];
    expect(backupId).toBeDefined();
    const nextRun = page.getByRole("region", { name: `What the next run of ${name} would do` });
    await expect(nextRun.getByRole("group", { name: "web-server-01" })).toContainText(/Keeps \([12]\)/);

    await row.getByRole("button", { name: `Pause ${name}` }).click();
    await expect(page.getByRole("status").filter({ hasText: `${name} is paused.` })).toBeVisible();
    await expect(row).toContainText("Paused");
    await expect(row.getByRole("button", { name: `Resume ${name}` })).toBeVisible();

    // The run's backup in the backups list, with its schedule named.
    await page.goto("/?q=Scheduled");
    const made = page
      .getByRole("table", { name: "Backup list" })
      .getByRole("row")
      .filter({ hasText: "Scheduled web-server-01" });
    await expect(made.first()).toBeVisible();
    // Named by its schedule, which links to it.
    await expect(made.first()).toContainText(`Created by schedule ${name}, set up by`);
    await expect(made.first().getByRole("link", { name })).toHaveAttribute("href", /^\/schedules#schedule-\d+$/);
  });

  test("a viewer sees the schedules and their runs, with every change disabled and its reason", async ({
    browser,
    request,
  }) => {
    const name = `Nightly ${randomBytes(3).toString("hex")}`;
    const created = await request.post("/api/schedules", {
      headers: { "Idempotency-Key": randomBytes(16).toString("hex") },
      data: { name, cron: "0 3 * * *", timezone: "UTC", all_servers: true, keep_last: 3, enabled: false },
    });
    expect(created.status(), await created.text()).toBe(201);
    const viewer = await addUser(request, "viewer");
    const page = await anonymousPage(browser);
    await signInThroughPage(page, viewer.email, viewer.password);
    await page.goto("/schedules");
    const reason = "Only operators and admins can create, change, pause or delete schedules (you are a viewer).";
    await expect(page.getByRole("note")).toHaveText(reason);
    const createButton = page.getByRole("button", { name: "New schedule" });
    await expect(createButton).toBeDisabled();
    await expect(createButton).toHaveAccessibleDescription(reason);
    const row = schedulesTable(page).getByRole("row").filter({ hasText: name });
    await expect(row).toContainText("All servers");
    await expect(row).toContainText("Paused");
    for (const action of ["Edit", "Resume", "Delete"]) {
      const button = row.getByRole("button", { name: `${action} ${name}` });
      await expect(button).toBeDisabled();
      await expect(button).toHaveAccessibleDescription(reason);
    }
    await row.getByRole("button", { name: `Runs of ${name}` }).click();
    await expect(page.getByRole("heading", { name: `Latest runs of ${name}` })).toBeVisible();
    await expect(page.getByText("No run yet.")).toBeVisible();
    // The server refuses a viewer's change too.
    const refused = await page.request.post("/api/schedules", {
      headers: { "Idempotency-Key": randomBytes(16).toString("hex") },
      data: { name: "not allowed", cron: "0 3 * * *", all_servers: true },
    });
    expect(refused.status()).toBe(403);
    await page.context().close();
  });
});

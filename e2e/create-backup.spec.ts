import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

function backupRows(page: Page) {
  return page
    .getByRole("table", { name: "Backup list" })
    .getByRole("row")
    .filter({ has: page.getByRole("cell") });
}

function notifications(page: Page) {
  return page.getByRole("region", { name: /Notifications/ });
}

test.describe("creating a manual backup", () => {
  test("the new backup shows at once, in progress, then completed without a reload", async ({ page }) => {
    await page.goto("/");
    const card = page.getByRole("article", { name: "web-server-01" });
    await expect(card).toContainText("3/10");
    await card.getByRole("button", { name: "Back up now" }).click();

    const dialog = page.getByRole("dialog", { name: "Create a manual backup" });
    await expect(dialog.getByLabel("Server")).toHaveValue("12345");
    await dialog.getByLabel(/Description/).fill("E2E before the deploy");
    await expect(dialog).toContainText("21/255 characters");
    await dialog.getByRole("button", { name: "Create backup" }).click();

    await expect(dialog).toBeHidden();
    await expect(notifications(page)).toContainText("Backup of web-server-01 started");
    await expect(notifications(page)).toContainText("Backup is being created");

    const row = backupRows(page).filter({ hasText: "E2E before the deploy" });
    await expect(row).toHaveCount(1);
    await expect(backupRows(page).first()).toContainText("E2E before the deploy");
    await expect(row).toContainText("In progress");
    await expect(card).toContainText("4/10");

    await expect(row).toContainText("Completed");
    await expect(row.getByRole("cell").nth(3)).toHaveText(/GB|MB/);
    await expect(notifications(page)).toContainText("Manual backup of web-server-01 completed");
  });

  test("one click, one backup: the submit button is disabled while the request runs", async ({
    page,
    request,
    simulator,
  }) => {
    await simulator.fault({ mode: "latency", latency_ms: 800, method: "POST", path: "/backups/" });
    await page.goto("/");
    await page.getByRole("article", { name: "mail-αθήνα" }).getByRole("button", { name: "Back up now" }).click();
    const dialog = page.getByRole("dialog", { name: "Create a manual backup" });
    await dialog.getByLabel(/Description/).fill("Only once");
    const submit = dialog.getByRole("button", { name: "Create backup" });
    await submit.click();
    await expect(dialog.getByRole("button", { name: "Creating…" })).toBeDisabled();
    await expect(dialog).toBeHidden();

    const list = (await (await request.get("/api/backups?server_id=12349&backup_type=manual")).json()) as {
      results: { description: string }[];
    };
    expect(list.results.filter((backup) => backup.description === "Only once")).toHaveLength(1);
  });

  test("the dialog checks what was typed, and keeps it when the provider refuses", async ({ page, simulator }) => {
    await page.goto("/");
    await expect(page.getByRole("table", { name: "Backup list" })).toBeVisible();
    await page.getByRole("button", { name: "New backup" }).click();
    const dialog = page.getByRole("dialog", { name: "Create a manual backup" });
    const submit = dialog.getByRole("button", { name: "Create backup" });

    await submit.click();
    await expect(dialog.getByLabel("Server")).toBeFocused();
    await expect(dialog.getByLabel("Server")).toHaveAccessibleDescription("Choose the server to back up.");

    await dialog.getByLabel("Server").selectOption({ label: "legacy-app-03 — 3/10 manual" });
    await dialog.getByLabel(/Description/).fill("x".repeat(256));
    await expect(dialog).toContainText("256/255 characters");
    await submit.click();
    await expect(dialog.getByLabel(/Description/)).toHaveAccessibleDescription(
      /The description is 256 characters long; the limit is 255\./,
    );

    await dialog.getByLabel(/Description/).fill("Before the kernel update");
    await simulator.fault({ mode: "error", status: 400, method: "POST", path: "/backups/", times: 1 });
    await submit.click();
    await expect(dialog.getByRole("alert")).toContainText("The backup was not created.");
    await expect(dialog.getByRole("alert")).toContainText("VPS.org refused the request");
    await expect(dialog.getByLabel("Server")).toHaveValue("12348");
    await expect(dialog.getByLabel(/Description/)).toHaveValue("Before the kernel update");

    await submit.click();
    await expect(dialog).toBeHidden();
    await expect(backupRows(page).first()).toContainText("Before the kernel update");
  });

  test("a server with 10 of 10 manual backups cannot get another, and the page says why", async ({ page }) => {
    await page.goto("/");
    const card = page.getByRole("article", { name: "db-primary" });
    await expect(card).toContainText("10/10");
    const backUp = card.getByRole("button", { name: "Back up now" });
    await expect(backUp).toBeDisabled();
    await expect(backUp).toHaveAccessibleDescription(/Manual backup limit reached \(10\/10\)/);

    await page.getByRole("button", { name: "New backup" }).click();
    const dialog = page.getByRole("dialog", { name: "Create a manual backup" });
    await expect(dialog.getByRole("option", { name: "db-primary — 10/10 manual (limit reached)" })).toBeDisabled();
    await expect(dialog.getByRole("option", { name: "web-server-01 — 3/10 manual" })).toBeEnabled();
  });

  test("a backup that fails raises a toast that stays until it is dismissed", async ({ page, simulator }) => {
    await simulator.configure({ fail_next_backups: 1 });
    await page.goto("/");
    await page.getByRole("article", { name: "web-server-01" }).getByRole("button", { name: "Back up now" }).click();
    await page
      .getByRole("dialog", { name: "Create a manual backup" })
      .getByRole("button", { name: "Create backup" })
      .click();

    const started = notifications(page).getByRole("listitem").filter({ hasText: "Backup of web-server-01 started" });
    const failed = notifications(page)
      .getByRole("listitem")
      .filter({ hasText: "Manual backup of web-server-01 failed" });
    await expect(failed).toBeVisible();
    await expect(backupRows(page).first()).toContainText("Failed");
    // The ordinary toast goes away by itself; the failure stays.
    await expect(started).toHaveCount(0, { timeout: 15_000 });
    await expect(failed).toBeVisible();
    await failed.getByRole("button", { name: "Close toast" }).click();
    await expect(failed).toHaveCount(0);
  });

  test("a backup can be created with the keyboard alone", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("table", { name: "Backup list" })).toBeVisible();
    const newBackup = page.getByRole("button", { name: "New backup" });
    await newBackup.focus();
    await page.keyboard.press("Enter");

    const dialog = page.getByRole("dialog", { name: "Create a manual backup" });
    const server = dialog.getByLabel("Server");
    await expect(server).toBeFocused();
    await page.keyboard.type("web");
    await expect(server).toHaveValue("12345");
    await page.keyboard.press("Tab");
    await expect(dialog.getByLabel(/Description/)).toBeFocused();
    await page.keyboard.type("Typed without a mouse");
    await page.keyboard.press("Tab");
    await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(dialog.getByRole("button", { name: "Create backup" })).toBeFocused();
    await page.keyboard.press("Enter");

    await expect(dialog).toBeHidden();
    await expect(newBackup).toBeFocused();
    await expect(backupRows(page).first()).toContainText("Typed without a mouse");
  });
});

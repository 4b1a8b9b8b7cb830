import type { Page } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";
import { expect, test } from "./fixtures";

function entries(page: Page) {
  return page
    .getByRole("table", { name: "Entries" })
    .getByRole("row")
    .filter({ has: page.getByRole("cell") });
}

test.describe("the audit log", () => {
  test("shows the backup just created, who created it, and the list says so too", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("article", { name: "web-server-01" }).getByRole("button", { name: "Back up now" }).click();
    const dialog = page.getByRole("dialog", { name: "Create a manual backup" });
    await dialog.getByLabel(/Description/).fill("Audited from the page");
    await dialog.getByRole("button", { name: "Create backup" }).click();
    await expect(dialog).toBeHidden();
    const row = page
      .getByRole("table", { name: "Backup list" })
      .getByRole("row")
      .filter({ hasText: "Audited from the page" });
    await expect(row).toContainText(`Created by ${E2E_ADMIN.email}`);

    await page.getByRole("link", { name: "Audit log" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    const [outcome, attempt] = [entries(page).nth(0), entries(page).nth(1)];
    await expect(outcome).toContainText("Create backup");
    await expect(outcome).toContainText(E2E_ADMIN.email);
    await expect(outcome).toContainText("web-server-01 (12345)");
    await expect(outcome).toContainText("Audited from the page");
    await expect(outcome).toContainText("Success");
    await expect(attempt).toContainText("Attempt");

    await page.getByLabel("Action").selectOption("backup.create");
    await page.getByLabel("Who (email)").fill(E2E_ADMIN.email);
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(entries(page).first()).toContainText("Audited from the page");
    await expect(page.getByRole("link", { name: "Export CSV" })).toHaveAttribute(
      "href",
      `/api/audit/export?actor=${encodeURIComponent(E2E_ADMIN.email)}&action=backup.create`,
    );

    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    expect((await download).suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
  });

  test("records a failure with the provider's words", async ({ page, simulator }) => {
    await page.goto("/?q=Pre-update");
    await page.getByRole("button", { name: /^Delete backup of web-server-01/ }).click();
    await simulator.fault({ mode: "error", status: 404, method: "DELETE", path: "/backups/" });
    const dialog = page.getByRole("alertdialog", { name: "Delete this backup?" });
    await dialog.getByRole("button", { name: "Delete backup" }).click();
    await expect(dialog.getByRole("alert")).toContainText("The backup was not deleted.");

    await page.goto("/audit");
    await expect(entries(page).first()).toContainText("Delete backup");
    await expect(entries(page).first()).toContainText("Failure");
    await expect(entries(page).first()).toContainText("not_found");
  });
});

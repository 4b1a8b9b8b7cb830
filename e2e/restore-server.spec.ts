import { expect, test } from "./fixtures";

test.describe("restoring a server from a backup", () => {
  test("needs the server's name typed exactly, then shows restoring until the provider is done", async ({ page }) => {
    await page.goto("/?q=Pre-update");
    const card = page.getByRole("article", { name: "web-server-01" });
    await expect(card).toContainText("active");

    const row = page
      .getByRole("table", { name: "Backup list" })
      .getByRole("row")
      .filter({ hasText: "Pre-update backup" });
    await row.getByRole("button", { name: /^Restore backup of web-server-01/ }).click();
    const dialog = page.getByRole("alertdialog", { name: "Restore web-server-01 from this backup?" });
    await expect(dialog).toContainText("will be stopped");
    await expect(dialog).toContainText("current disk overwritten with the backup of");
    await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();

    const confirm = dialog.getByRole("button", { name: "Restore server" });
    const typed = dialog.getByLabel("Type the server name to confirm");
    await expect(confirm).toBeDisabled();
    await typed.fill("web-server-0");
    await expect(confirm).toBeDisabled();
    await typed.fill("Web-server-01");
    await expect(confirm).toBeDisabled();
    await typed.fill("web-server-01");
    await expect(confirm).toBeEnabled();
    await confirm.click();

    await expect(dialog).toBeHidden();
    const notifications = page.getByRole("region", { name: /Notifications/ });
    await expect(notifications).toContainText("Restoring web-server-01");
    await expect(notifications).toContainText("Server is being restored from backup");
    await expect(card).toContainText("restoring");
    await expect(row.getByRole("button", { name: /^Restore backup of web-server-01/ })).toBeDisabled();

    await expect(card).toContainText("active");
    await expect(notifications).toContainText("web-server-01 finished restoring");
  });

  test("only completed backups can be restored, and the button says why", async ({ page }) => {
    await page.goto("/?q=Nightly+export");
    const row = page.getByRole("table", { name: "Backup list" }).getByRole("row").filter({ hasText: "Nightly export" });
    await expect(row).toContainText("Failed");
    const restore = row.getByRole("button", { name: /^Restore backup of legacy-app-03/ });
    await expect(restore).toBeDisabled();
    await expect(restore).toHaveAccessibleDescription("Only completed backups can be restored.");
  });
});

import { expect, test } from "./fixtures";

test.describe("deleting a backup", () => {
  test("asks first, naming the backup, with Cancel focused; then removes it and frees the quota", async ({ page }) => {
    await page.goto("/?q=Ops+ticket");
    const card = page.getByRole("article", { name: "db-primary" });
    await expect(card).toContainText("10/10");
    await expect(card.getByRole("button", { name: "Back up now" })).toBeDisabled();

    const row = page
      .getByRole("table", { name: "Backup list" })
      .getByRole("row")
      .filter({ hasText: "Ops ticket #4471" });
    await row.getByRole("button", { name: /^Delete backup of db-primary/ }).click();
    const dialog = page.getByRole("alertdialog", { name: "Delete this backup?" });
    await expect(dialog).toContainText("db-primary");
    await expect(dialog).toContainText("Ops ticket #4471");
    await expect(dialog).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await expect(dialog).toContainText("deleted permanently");
    await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();

    await page.keyboard.press("Enter");
    await expect(dialog).toBeHidden();
    await expect(row).toHaveCount(1);
    await expect(row.getByRole("button", { name: /^Delete backup of db-primary/ })).toBeFocused();

    await row.getByRole("button", { name: /^Delete backup of db-primary/ }).click();
    await dialog.getByRole("button", { name: "Delete backup" }).click();
    await expect(dialog).toBeHidden();
    await expect(row).toHaveCount(0);
    await expect(page.getByRole("main")).toContainText("No backups match these filters.");
    await expect(page.getByRole("region", { name: /Notifications/ })).toContainText("Backup of db-primary deleted");
    await expect(card).toContainText("9/10");
    await expect(card.getByRole("button", { name: "Back up now" })).toBeEnabled();
  });

  test("an error is shown in the dialog, which stays open", async ({ page, simulator }) => {
    await page.goto("/?q=Pre-update");
    const row = page
      .getByRole("table", { name: "Backup list" })
      .getByRole("row")
      .filter({ hasText: "Pre-update backup" });
    await row.getByRole("button", { name: /^Delete backup of web-server-01/ }).click();
    const dialog = page.getByRole("alertdialog", { name: "Delete this backup?" });
    await simulator.fault({ mode: "error", status: 404, method: "DELETE", path: "/backups/" });
    await dialog.getByRole("button", { name: "Delete backup" }).click();
    await expect(dialog.getByRole("alert")).toContainText("The backup was not deleted.");
    await expect(dialog.getByRole("alert")).toContainText("Not found");
    await expect(dialog).toBeVisible();
  });
});

import AxeBuilder from "@axe-core/playwright";
import { E2E_ADMIN } from "../playwright.config";
import { addUser, anonymousPage, expect, signInThroughPage, test } from "./fixtures";

// Protection lives in the dashboard's store, which outlives the simulator's reset between specs: a
// backup left protected would refuse deletion to the specs that follow, so each test unprotects what
// it protected, even when it fails.
const protectedHere = new Set<number>();

test.afterEach(async ({ page }) => {
  for (const id of protectedHere) {
    const response = await page.request.put(`/api/backups/${id}/protection`, { data: { protected: false } });
    expect(response.status(), await response.text()).toBe(200);
  }
  protectedHere.clear();
});

test.describe("protecting a backup", () => {
  test.use({ reducedMotion: "reduce" });

  test("protect from the list: the lock and who, Delete refused with the reason, kept after a reload; then unprotect", async ({
    page,
  }) => {
    await page.goto("/?q=Pre-update");
    const table = page.getByRole("table", { name: "Backup list" });
    const row = table.getByRole("row").filter({ hasText: "Pre-update backup" });
    const remove = row.getByRole("button", { name: /^Delete backup of web-server-01/ });
    await expect(remove).toBeEnabled();
    await expect(page.getByText(/Protection is this dashboard's own/)).toBeVisible();
    await expect(page.getByText(/VPS\.org's own API and control panel do not know of it/)).toBeVisible();

    const answer = page.waitForResponse((response) => response.url().includes("/protection"));
    await row.getByRole("button", { name: /^Protect backup of web-server-01/ }).click();
    const body = (await (await answer).json()) as { backup_id: number; protected: boolean };
    protectedHere.add(body.backup_id);
    expect(body.protected).toBe(true);

    await expect(page.getByRole("region", { name: /Notifications/ })).toContainText(
      "The backup of web-server-01 is protected",
    );
    await expect(row).toContainText(`Protected by ${E2E_ADMIN.email} on`);
    await expect(remove).toBeDisabled();
    await expect(remove).toHaveAccessibleDescription(
      `Protected by ${E2E_ADMIN.email}: unprotect it before deleting it.`,
    );
    const unprotect = row.getByRole("button", { name: /^Unprotect backup of web-server-01/ });
    await expect(unprotect).toBeFocused();

    // The store holds it: a reload (any instance) shows it the same.
    await page.reload();
    await expect(row).toContainText(`Protected by ${E2E_ADMIN.email} on`);
    await expect(remove).toBeDisabled();
    const { violations } = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
      .include("main")
      .analyze();
    expect(violations.map((v) => v.id)).toEqual([]);

    // Unprotected by keyboard, it can be deleted again.
    await unprotect.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("region", { name: /Notifications/ })).toContainText(
      "The backup of web-server-01 is no longer protected",
    );
    await expect(row).not.toContainText("Protected by");
    await expect(remove).toBeEnabled();
    protectedHere.delete(body.backup_id);
    await remove.click();
    await expect(page.getByRole("alertdialog", { name: "Delete this backup?" })).toBeVisible();
  });

  test("a viewer sees the lock but may neither unprotect nor delete", async ({ page, browser }) => {
    await page.goto("/?q=Pre-update");
    const row = page
      .getByRole("table", { name: "Backup list" })
      .getByRole("row")
      .filter({ hasText: "Pre-update backup" });
    const answer = page.waitForResponse((response) => response.url().includes("/protection"));
    await row.getByRole("button", { name: /^Protect backup of web-server-01/ }).click();
    protectedHere.add(((await (await answer).json()) as { backup_id: number }).backup_id);
    await expect(row).toContainText("Protected by");

    const viewer = await addUser(page.request, "viewer");
    const viewerPage = await anonymousPage(browser);
    await signInThroughPage(viewerPage, viewer.email, viewer.password);
    await viewerPage.goto("/?q=Pre-update");
    const viewerRow = viewerPage
      .getByRole("table", { name: "Backup list" })
      .getByRole("row")
      .filter({ hasText: "Pre-update backup" });
    await expect(viewerRow).toContainText(`Protected by ${E2E_ADMIN.email}`);
    await expect(viewerRow.getByRole("button", { name: /^Unprotect backup of web-server-01/ })).toBeDisabled();
    await expect(viewerRow.getByRole("button", { name: /^Delete backup of web-server-01/ })).toBeDisabled();
    await viewerPage.context().close();
  });
});

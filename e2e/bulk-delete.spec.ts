import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";
import { addUser, anonymousPage, expect, signInThroughPage, test, type Simulator } from "./fixtures";
import { textsOf } from "./messages";

// Issue 13 §3: select several backups (by keyboard, and all the filtered rows at once), confirm by
// typing the phrase that names the count, and read each one's outcome; a protected one is refused
// and stays selected with its reason.

// Protection lives in the dashboard's store, which outlives the simulator's reset between specs:
// each test unprotects what it protected, even when it fails.
const protectedHere = new Set<number>();

test.afterEach(async ({ page }) => {
  for (const id of protectedHere)
    await page.request.put(`/api/backups/${id}/protection`, { data: { protected: false } });
  protectedHere.clear();
});

test.use({ reducedMotion: "reduce" });

const descriptions = ["Bulk alpha", "Bulk bravo", "Bulk charlie", "Bulk delta"];

/** A server of its own with four backups (completed, a day apart), the second of them protected. */
async function fourBackups(page: Page, simulator: Simulator) {
  const server = await simulator.addServer({ name: `bulk-${Math.random().toString(36).slice(2, 8)}` });
  const ids: number[] = [];
  for (const [index, description] of descriptions.entries()) {
    const created_at = new Date(Date.now() - (index + 1) * 86_400_000).toISOString();
    ids.push((await simulator.addAutomaticBackup(server.id, { created_at, description })).id);
  }
  const guarded = ids[1]!;
  const response = await page.request.put(`/api/backups/${guarded}/protection`, { data: { protected: true } });
  expect(response.status(), await response.text()).toBe(200);
  protectedHere.add(guarded);
  return { server, ids, guarded };
}

async function expectNoViolations(page: Page, include: string) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .include(include)
    .analyze();
  expect(violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) }))).toEqual([]);
}

test.describe("bulk delete", () => {
  test("with the typed phrase: keyboard selection, select all, each outcome, the protected one kept selected with its reason; axe clean", async ({
    page,
    simulator,
  }) => {
    const { server, guarded } = await fourBackups(page, simulator);
    await page.goto(`/?server_id=${server.id}`);
    const table = page.getByRole("table", { name: "Backup list" });
    const rows = table.getByRole("row").filter({ has: page.getByRole("cell") });
    await expect(rows).toHaveCount(4);
    const selectAll = page.getByRole("checkbox", { name: "Select all 4 shown" });
    const rowBox = (description: string) =>
      rows
        .filter({ hasText: description })
        .getByRole("checkbox", { name: new RegExp(`^Select backup of ${server.name}, `) });
    await expect(selectAll).not.toBeChecked();

    // By keyboard: Tab goes from "select all" to the first row's checkbox, Space selects it, and
    // "select all" is then mixed, with "Delete 1 selected" between the two.
    await selectAll.focus();
    await page.keyboard.press("Tab");
    await expect(rowBox("Bulk alpha")).toBeFocused();
    await page.keyboard.press("Space");
    await expect(rowBox("Bulk alpha")).toBeChecked();
    await expect(selectAll).toBeChecked({ indeterminate: true });
    await page.keyboard.press("Shift+Tab");
    await expect(page.getByRole("button", { name: "Delete 1 selected" })).toBeFocused();
    await page.keyboard.press("Shift+Tab");
    await expect(selectAll).toBeFocused();

    // Select all takes every filtered row; again takes none; once more, all four.
    await page.keyboard.press("Space");
    for (const description of descriptions) await expect(rowBox(description)).toBeChecked();
    await page.keyboard.press("Space");
    for (const description of descriptions) await expect(rowBox(description)).not.toBeChecked();
    await expect(page.getByRole("button", { name: /^Delete \d+ selected$/ })).toHaveCount(0);
    await page.keyboard.press("Space");
    await expect(selectAll).toBeChecked();

    // The confirmation names the four, says the protected one will be refused, and waits for the phrase.
    await page.getByRole("button", { name: "Delete 4 selected" }).press("Enter");
    const dialog = page.getByRole("alertdialog", { name: "Delete 4 backups?" });
    await expect(dialog).toBeVisible();
    const listed = dialog.getByRole("list", { name: "Backups to delete" }).getByRole("listitem");
    await expect(listed).toHaveCount(4);
    await expect(dialog).toContainText("One of them is protected in the dashboard and will be refused");
    await expect(listed.filter({ hasText: "Bulk bravo" })).toContainText(
      `Protected by ${E2E_ADMIN.email}: it will be refused`,
    );
    const phrase = dialog.getByLabel("Type the phrase to confirm");
    await expect(phrase).toHaveAccessibleDescription("Type delete 4 backups to enable Delete.");
    const submit = dialog.getByRole("button", { name: "Delete 4 backups" });
    await expect(submit).toBeDisabled();
    await phrase.fill("delete 3 backups");
    await expect(submit).toBeDisabled();
    await phrase.fill("delete 4 backups");
    await expect(submit).toBeEnabled();
    await expectNoViolations(page, '[role="alertdialog"]');

    await phrase.press("Enter");
    await expect(dialog.getByRole("status")).toHaveText(
      "3 backups deleted; 1 not deleted: it stays selected in the list, with the reason.",
    );
    for (const description of ["Bulk alpha", "Bulk charlie", "Bulk delta"])
      await expect(listed.filter({ hasText: description })).toContainText("Deleted");
    await expect(listed.filter({ hasText: "Bulk bravo" })).toContainText(
      `Refused: Backup ${guarded} is protected (by ${E2E_ADMIN.email}`,
    );
    const close = dialog.getByRole("button", { name: "Close" });
    await expect(close).toBeFocused();
    await expectNoViolations(page, '[role="alertdialog"]');
    await page.keyboard.press("Enter");
    await expect(dialog).toBeHidden();

    // The deleted ones are gone; the protected one stays selected, its reason beside it and read with its checkbox.
    await expect(rows).toHaveCount(1);
    const kept = rows.filter({ hasText: "Bulk bravo" });
    await expect(kept).toContainText(`Not deleted: Backup ${guarded} is protected (by ${E2E_ADMIN.email}`);
    await expect(rowBox("Bulk bravo")).toBeChecked();
    await expect(rowBox("Bulk bravo")).toHaveAccessibleDescription(
      new RegExp(`^Not deleted: Backup ${guarded} is protected`),
    );
    await expect(page.getByRole("button", { name: "Delete 1 selected" })).toBeFocused();
    await expect(page.getByRole("checkbox", { name: "Select all 1 shown" })).toBeChecked();
    await expectNoViolations(page, "main");
  });

  test("a viewer's checkboxes are disabled with the reason", async ({ page, browser, simulator }) => {
    const { server } = await fourBackups(page, simulator);
    const viewer = await addUser(page.request, "viewer");
    const viewerPage = await anonymousPage(browser);
    await signInThroughPage(viewerPage, viewer.email, viewer.password);
    await viewerPage.goto(`/?server_id=${server.id}`);
    const selectAll = viewerPage.getByRole("checkbox", { name: "Select all 4 shown" });
    await expect(selectAll).toBeDisabled();
    await expect(selectAll).toHaveAccessibleDescription(/only admins can delete/i);
    const boxes = viewerPage
      .getByRole("table", { name: "Backup list" })
      .getByRole("checkbox", { name: new RegExp(`^Select backup of ${server.name}, `) });
    await expect(boxes).toHaveCount(4);
    for (const box of await boxes.all()) await expect(box).toBeDisabled();
    await viewerPage.context().close();
  });

  test.describe("in Vietnamese", () => {
    test.use({ locale: "vi-VN" });
    const vi = textsOf("vi");

    test("the phrase is Vietnamese, typed either way the tone mark goes; axe clean", async ({ page, simulator }) => {
      const { server } = await fourBackups(page, simulator);
      await page.goto(`/?server_id=${server.id}`);
      await page.getByRole("checkbox", { name: vi("BackupTable.selectAll", { count: 4 }) }).check();
      await page.getByRole("button", { name: vi("BackupTable.deleteSelected", { count: 4 }) }).click();
      const dialog = page.getByRole("alertdialog", { name: vi("BulkDelete.title", { count: 4 }) });
      await expect(dialog).toContainText(vi("BulkDelete.protectedNote", { count: 1 }));
      const submit = dialog.getByRole("button", { name: vi("BulkDelete.submit", { count: 4 }) });
      await expect(submit).toBeDisabled();
      // The catalog writes "xoá"; "xóa" (the tone mark on the o) is the same word.
      expect(vi("BulkDelete.phrase", { count: 4 })).toBe("xoá 4 bản sao lưu");
      await dialog.getByLabel(vi("BulkDelete.confirmLabel")).fill("xóa 4 bản sao lưu");
      await expect(submit).toBeEnabled();
      await expectNoViolations(page, '[role="alertdialog"]');
      await dialog.getByRole("button", { name: vi("BulkDelete.cancel") }).click();
      await expect(dialog).toBeHidden();
      await expect(page.getByRole("button", { name: vi("BackupTable.deleteSelected", { count: 4 }) })).toBeFocused();
    });
  });
});

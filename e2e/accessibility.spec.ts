import { mkdir, writeFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { addUser, anonymousPage, expect, signInThroughPage, test } from "./fixtures";

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function expectNoViolations(page: Page, include?: string) {
  const builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  if (include) builder.include(include);
  const { violations } = await builder.analyze();
  expect(violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }))).toEqual(
    [],
  );
}

async function openPage(page: Page, path = "/") {
  await page.goto(path);
  await expect(page.getByRole("table", { name: "Backup list" })).toBeVisible();
  await expect(page.getByRole("article", { name: "web-server-01" })).toContainText("/10");
}

test.describe("accessibility", () => {
  // Dialogs fade in: without motion axe sees their final colours, and the screenshot is stable.
  test.use({ reducedMotion: "reduce" });

  test("the main page has no WCAG 2.1 AA violations, in light and dark", async ({ page }) => {
    await openPage(page);
    await expectNoViolations(page);
    await page.emulateMedia({ colorScheme: "dark" });
    await expectNoViolations(page);
  });

  test("the main page has no violations on a phone", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await openPage(page);
    await expectNoViolations(page);
  });

  test("the create dialog has no violations", async ({ page }) => {
    await openPage(page);
    await page.getByRole("button", { name: "New backup" }).click();
    const dialog = page.getByRole("dialog", { name: "Create a manual backup" });
    await dialog.getByRole("button", { name: "Create backup" }).click();
    await expect(dialog.getByLabel("Server")).toHaveAccessibleDescription(/Choose/);
    await expectNoViolations(page);
  });

  test("a success toast has no violations (sonner's own colours miss AA contrast)", async ({ page }) => {
    await openPage(page);
    await page.getByRole("article", { name: "web-server-01" }).getByRole("button", { name: "Back up now" }).click();
    const dialog = page.getByRole("dialog", { name: "Create a manual backup" });
    await dialog.getByRole("button", { name: "Create backup" }).click();
    await expect(dialog).toBeHidden();
    const toasts = page.getByRole("region", { name: /^Notifications/ });
    await expect(toasts).toContainText("Backup of web-server-01 started");
    await expectNoViolations(page, "[data-sonner-toaster]");
  });

  test("the delete dialog has no violations", async ({ page }) => {
    await openPage(page, "/?q=Pre-update");
    await page.getByRole("button", { name: /^Delete backup of web-server-01/ }).click();
    await expect(page.getByRole("alertdialog", { name: "Delete this backup?" })).toBeVisible();
    await expectNoViolations(page);
  });

  test("the restore dialog has no violations", async ({ page }) => {
    await openPage(page, "/?q=Pre-update");
    await page.getByRole("button", { name: /^Restore backup of web-server-01/ }).click();
    const dialog = page.getByRole("alertdialog", { name: "Restore web-server-01 from this backup?" });
    await dialog.getByLabel("Type the server name to confirm").fill("web-server");
    await expectNoViolations(page);
  });

  test("the sign-in, audit log and users pages have no violations", async ({ page, browser }) => {
    await page.goto("/audit");
    await expect(page.getByRole("table", { name: "Entries" })).toBeVisible();
    await expectNoViolations(page);
    await page.goto("/admin/users");
    await expect(page.getByRole("table", { name: "Users" })).toBeVisible();
    await expectNoViolations(page);
    await page.getByRole("button", { name: /^Administrator Admin/ }).click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await expectNoViolations(page);

    const stranger = await anonymousPage(browser);
    await stranger.goto("/sign-in");
    await expect(stranger.getByRole("button", { name: "Sign in with SSO" })).toBeVisible();
    await expectNoViolations(stranger);
    await stranger.context().close();
  });

  test("the schedules page and its form with the preview have no violations, in light and dark", async ({ page }) => {
    await page.goto("/schedules");
    await expect(page.getByRole("heading", { level: 1, name: "Schedules" })).toBeVisible();
    await expect(page.getByRole("button", { name: "New schedule" })).toBeEnabled();
    await expectNoViolations(page);
    await page.getByRole("button", { name: "New schedule" }).click();
    const dialog = page.getByRole("dialog", { name: "New schedule" });
    await dialog.getByLabel("Name", { exact: true }).fill("Axe nightly");
    await dialog.getByLabel("Cron", { exact: true }).fill("0 3 * * *");
    await dialog.getByLabel("web-server-01", { exact: true }).check();
    await expect(dialog.getByRole("list", { name: "Next run times" }).getByRole("listitem")).toHaveCount(5);
    await expect(dialog.getByRole("group", { name: "web-server-01" })).toBeVisible();
    await expectNoViolations(page);
    // A field the server refused, marked beside it.
    await dialog.getByLabel("Cron", { exact: true }).fill("0 3 * *");
    await expect(dialog.getByLabel("Cron", { exact: true })).toHaveAccessibleDescription(/5 fields/);
    await expectNoViolations(page);
    // In dark, the dialog itself: the page under the modal is inert and hidden from assistive
    // technology (its own dark colours are checked without the dialog by the scans of that page).
    await page.emulateMedia({ colorScheme: "dark" });
    await expectNoViolations(page, '[role="dialog"]');
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expectNoViolations(page);
  });

  test("a viewer's page, with its disabled controls and their reasons, has no violations", async ({
    browser,
    request,
  }) => {
    const viewer = await addUser(request, "viewer");
    const page = await anonymousPage(browser);
    await signInThroughPage(page, viewer.email, viewer.password);
    await expect(page.getByRole("table", { name: "Backup list" })).toBeVisible();
    await expectNoViolations(page);
    await page.context().close();
  });

  test("a screenshot of the main page", async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 1280, height: 1000 });
    await openPage(page);
    // The seed's one running backup finishes 2.5 s after the reset: wait, so the picture is stable.
    await expect(page.getByRole("table", { name: "Backup list" }).getByRole("row").nth(1)).toContainText("Completed");
    const body = await page.screenshot({ animations: "disabled" });
    await testInfo.attach("main-page", { body, contentType: "image/png" });
    await writeFile(testInfo.outputPath("main-page.png"), body);
    // The README's picture is refreshed on request only, so a test run leaves the tree clean.
    if (process.env.UPDATE_SCREENSHOT) {
      await mkdir("docs", { recursive: true });
      await writeFile("docs/screenshot.png", body);
    }
  });
});

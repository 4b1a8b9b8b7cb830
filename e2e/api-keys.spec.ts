import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { APP_URL, E2E_ADMIN } from "../playwright.config";
import { expect, test } from "./fixtures";
import { textsOf } from "./messages";

// Personal API keys from the settings page: made with a name, a role and an expiry, shown once, used
// by a script (a plain HTTP client: no cookie), and revoked by keyboard, after which the script is
// refused. In both languages, axe clean.

async function expectNoViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) }))).toEqual([]);
}

/** What a CI job does with the key: no browser, no cookie. */
function asScript(key: string, path: string): Promise<Response> {
  return fetch(`${APP_URL}${path}`, { headers: { Authorization: `Bearer ${key}` } });
}

test.describe("API keys", () => {
  test.use({ reducedMotion: "reduce" });

  test("make a key, see it once, use it from a script, revoke it by keyboard", async ({ page }) => {
    const name = `ci-deploy-${randomBytes(3).toString("hex")}`;
    await page.goto("/");
    await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "API keys" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
    await expect(page.getByRole("link", { name: "API keys" })).toHaveAttribute("aria-current", "page");

    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Role", { exact: true }).selectOption("operator");
    await page.getByLabel("Expires in (days)", { exact: true }).fill("30");
    await page.getByRole("button", { name: "Make key" }).click();

    const shown = page.getByRole("region", { name: `Your new key ${name}` });
    await expect(shown).toContainText("it will not be shown again");
    const field = shown.getByLabel(`The new key ${name}`);
    const key = await field.inputValue();
    expect(key).toMatch(/^vbk_[A-Za-z0-9_-]{43}$/);
    await expectNoViolations(page);

    const table = page.getByRole("table", { name: "Everyone's keys" });
    const row = table.getByRole("row").filter({ hasText: name });
    await expect(row).toContainText("Operator");
    await expect(row).toContainText("Active");
    await expect(row).toContainText(key.slice(0, 12));
    await expect(row).toContainText(`${E2E_ADMIN.email} (you)`);
    await expect(row).not.toContainText(key);

    const used = await asScript(key, "/api/backups");
    expect(used.status).toBe(200);

    // Once dismissed, the key is gone from the page for good.
    await shown.getByRole("button", { name: "I have copied it" }).click();
    await expect(shown).toBeHidden();
    await expect(page.getByText(key)).toHaveCount(0);
    await page.reload();
    await expect(row).toContainText("Active");
    await expect(page.locator(`input[value="${key}"]`)).toHaveCount(0);

    page.once("dialog", (dialog) => {
      expect(dialog.message()).toContain(`Revoke the key ${name}`);
      void dialog.accept();
    });
    const revoke = row.getByRole("button", { name: `Revoke key ${name}` });
    await revoke.focus();
    await page.keyboard.press("Enter");
    await expect(row).toContainText("Revoked");
    await expect(row).toContainText(`by ${E2E_ADMIN.email}`);
    await expect(page.getByRole("status").filter({ hasText: `Key ${name} revoked.` })).toBeAttached();
    await expect(row.getByRole("button", { name: `Revoke key ${name}` })).toHaveCount(0);

    const refused = await asScript(key, "/api/backups");
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain("revoked");
    await expectNoViolations(page);
    await page.emulateMedia({ colorScheme: "dark" });
    await expectNoViolations(page);
  });

  test.describe("in Vietnamese", () => {
    test.use({ locale: "vi-VN" });
    const vi = textsOf("vi");

    test("the page and a new key, axe clean", async ({ page }) => {
      const name = `ci-vi-${randomBytes(3).toString("hex")}`;
      await page.goto("/settings/api-keys");
      await expect(page.getByRole("heading", { level: 1, name: vi("ApiKeys.heading") })).toBeVisible();
      await page.getByLabel(vi("ApiKeys.name"), { exact: true }).fill(name);
      await page.getByRole("button", { name: vi("ApiKeys.create") }).click();
      await expect(page.getByRole("region", { name: vi("ApiKeys.newKeyHeading", { name }) })).toBeVisible();
      await expect(
        page
          .getByRole("table", { name: vi("ApiKeys.everyonesKeys") })
          .getByRole("row")
          .filter({ hasText: name }),
      ).toContainText(vi("ApiKeys.status.active"));
      await expectNoViolations(page);
    });
  });
});

import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { APP_URL } from "../playwright.config";
import { expect, test } from "./fixtures";
import { textsOf } from "./messages";

// Backup health on the main page: the strip's counts per state, each a filter of the server cards and
// the backups (kept in the URL), and each card's state with why. The simulator's default fleet (reset
// before each test) has four servers backed up last night, legacy-app-03 whose latest completed backup
// is 12 days old (late), and empty-box without any (never).

const SEEN = { timeout: 20_000 };

function strip(page: Page, name = "Backup health") {
  return page.getByRole("list", { name });
}
const cards = (page: Page) => page.getByRole("article");
const rows = (page: Page, name = "Backup list") =>
  page
    .getByRole("table", { name })
    .getByRole("row")
    .filter({ has: page.getByRole("cell") });

async function expectNoViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) }))).toEqual([]);
}

test.describe("backup health", () => {
  test.use({ reducedMotion: "reduce" });
  // The policies live in the store, which outlives each test (the simulator is reset before each).
  test.afterEach(async ({ request }) => {
    await request.delete("/api/servers/12348/freshness-policy", { headers: { Origin: APP_URL } });
  });

  test("the strip counts each state, and each is a filter of the cards and the backups", async ({ page }) => {
    await page.goto("/");
    await expect(strip(page).getByRole("button", { name: "Healthy 4 servers" })).toBeVisible();
    await expect(strip(page).getByRole("button", { name: "Late 1 server" })).toBeVisible();
    await expect(strip(page).getByRole("button", { name: "Never backed up 1 server" })).toBeVisible();
    await expect(strip(page).getByRole("button", { name: "Failing 0 servers" })).toBeVisible();

    // Each card says its state and why.
    const legacy = page.getByRole("article", { name: "legacy-app-03" });
    await expect(legacy.getByText("Late", { exact: true })).toBeVisible();
    await expect(legacy).toContainText(/Latest completed .* ago; late after 26 h/);
    await expect(page.getByRole("article", { name: "empty-box" })).toContainText("No completed backup yet");
    await expect(page.getByRole("article", { name: "web-server-01" })).toContainText("Healthy");

    // A state is a filter: the cards and the backups of those servers only, kept in the URL.
    const late = strip(page).getByRole("button", { name: "Late 1 server" });
    await late.click();
    await expect(late).toHaveAttribute("aria-pressed", "true");
    await expect(page).toHaveURL(/[?&]health=late/);
    await expect(cards(page)).toHaveCount(1);
    await expect(cards(page).first()).toHaveAccessibleName("legacy-app-03");
    await expect(rows(page).first()).toBeVisible();
    for (const row of await rows(page).all()) await expect(row).toContainText("legacy-app-03");

    // The link works as it is shared.
    await page.reload();
    await expect(cards(page)).toHaveCount(1);

    // Pressed again (by keyboard): every server again.
    await strip(page).getByRole("button", { name: "Late 1 server" }).focus();
    await page.keyboard.press("Enter");
    await expect(page).not.toHaveURL(/health=/);
    await expect(cards(page)).toHaveCount(6);

    // Never backed up: a server without backups, so no backup matches.
    await strip(page).getByRole("button", { name: "Never backed up 1 server" }).click();
    await expect(cards(page)).toHaveCount(1);
    await expect(page.getByRole("main")).toContainText("No backups match these filters.");
    await page.getByRole("button", { name: "Clear filters" }).first().click();
    await expect(cards(page)).toHaveCount(6);
  });

  test("a server whose latest backup failed is failing, saying when it was made", async ({ page, simulator }) => {
    const server = await simulator.addServer({ name: `failing-${randomBytes(3).toString("hex")}` });
    await simulator.addAutomaticBackup(server.id, {
      status: "completed",
      created_at: new Date(Date.now() - 5 * 3_600_000).toISOString(),
    });
    await simulator.addAutomaticBackup(server.id, {
      status: "failed",
      created_at: new Date(Date.now() - 3_600_000).toISOString(),
    });
    await page.goto("/");
    const card = page.getByRole("article", { name: server.name });
    await expect(card).toContainText("Failing", SEEN);
    await expect(card).toContainText(/Latest backup failed \(made \d{4}-\d{2}-\d{2} \d{2}:\d{2}\)/);
    await expect(strip(page).getByRole("button", { name: "Failing 1 server" })).toBeVisible();
  });

  test("an admin sets a server's own threshold and turns its checks off on its page, and the health follows", async ({
    page,
  }) => {
    await page.goto("/");
    // The card's name links to the server's page.
    await page.getByRole("article", { name: "legacy-app-03" }).getByRole("link", { name: "legacy-app-03" }).click();
    await expect(page).toHaveURL(/\/servers\/12348$/);
    const health = page.getByRole("region", { name: "Health" });
    await expect(health.getByText("Late", { exact: true })).toBeVisible();
    await expect(health).toContainText("Late after 26 h without a completed backup: the threshold for all servers.");

    // Its own threshold: 30 days, so a backup 12 days old is fresh enough.
    const own = health.getByRole("form", { name: "This server's policy" });
    await own.getByLabel("This server").selectOption("own");
    await own.getByLabel("Late after (hours)").fill("0");
    await own.getByRole("button", { name: "Save for this server" }).click();
    await expect(own.getByLabel("Late after (hours)")).toHaveAccessibleDescription(
      "Enter a whole number of hours from 1 to 720.",
    );
    await own.getByLabel("Late after (hours)").fill("720");
    await own.getByRole("button", { name: "Save for this server" }).click();
    await expect(health.getByRole("status")).toContainText("Saved.");
    await expect(health.getByText("Healthy", { exact: true })).toBeVisible();
    await expect(health).toContainText("Late after 720 h without a completed backup: this server's own threshold.");
    await expect(health).toContainText(/Changed by admin@e2e\.test at/);

    // Checks off: not checked, on the main page's strip too.
    await health.getByRole("form", { name: "This server's policy" }).getByLabel("This server").selectOption("off");
    await health.getByRole("button", { name: "Save for this server" }).click();
    await expect(health.getByText("Not checked", { exact: true })).toBeVisible();
    await expectNoViolations(page);
    await page.goto("/");
    await expect(strip(page).getByRole("button", { name: "Not checked 1 server" })).toBeVisible();

    // The audit log names who changed what.
    await page.goto("/audit?action=health.policy_change");
    await expect(page.getByRole("table", { name: "Entries" })).toContainText("checks off");
  });

  test("has no WCAG 2.1 AA violations with a state pressed, in light and dark", async ({ page }) => {
    await page.goto("/?health=late");
    await expect(cards(page)).toHaveCount(1);
    await expectNoViolations(page);
    await page.emulateMedia({ colorScheme: "dark" });
    await expectNoViolations(page);
  });

  test.describe("in Vietnamese", () => {
    test.use({ locale: "vi-VN" });
    const vi = textsOf("vi");

    test("the strip and the cards speak Vietnamese, with no violations", async ({ page }) => {
      await page.goto("/");
      const list = strip(page, vi("Health.strip"));
      const late = list.getByRole("button", {
        name: `${vi("Health.state", { state: "late" })} ${vi("Health.servers", { count: 1 })}`,
      });
      await late.click();
      await expect(page).toHaveURL(/health=late/);
      await expect(cards(page)).toHaveCount(1);
      await expect(cards(page).first()).toContainText(vi("Health.state", { state: "late" }));
      await expect(cards(page).first()).toContainText(/trễ hạn sau 26 giờ/);
      await expectNoViolations(page);
    });
  });
});

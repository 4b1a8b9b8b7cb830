import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";
import { expect, test } from "./fixtures";

// The activity panel: what the account watcher saw change, shared by everyone, with who did it when
// it was done through the dashboard. The suite's dashboard runs the watcher (polling every half
// second); the fixtures wait for its poll after each change at the simulator; the panel refreshes
// every 10 s.

const SEEN = { timeout: 20_000 };

/** Opens `path` as the signed-in admin. */
async function open(page: Page, path = "/") {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1, name: "Backups" })).toBeVisible();
}

function activity(page: Page) {
  return page.getByRole("region", { name: "Activity" });
}

function lines(page: Page) {
  return activity(page).getByRole("list").getByRole("listitem");
}

test.describe("the activity panel", () => {
  test("shows a change made elsewhere, and a backup made on the page with who made it", async ({ page, simulator }) => {
    await open(page);
    await expect(activity(page).getByRole("heading", { name: "Activity" })).toBeVisible();
    await expect(activity(page)).toContainText("Latest first, for the whole account");

    // Behind the dashboard's back: the watcher sees it, and the panel's next refresh shows it.
    const server = await simulator.addServer({ name: `activity-${randomBytes(3).toString("hex")}` });
    await expect(lines(page).filter({ hasText: `Server ${server.name} added (active)` })).toBeVisible(SEEN);

    await page.getByRole("article", { name: "web-server-01" }).getByRole("button", { name: "Back up now" }).click();
    const dialog = page.getByRole("dialog", { name: "Create a manual backup" });
    await dialog.getByLabel(/Description/).fill("Seen in the activity");
    await dialog.getByRole("button", { name: "Create backup" }).click();
    await expect(dialog).toBeHidden();

    const started = lines(page).filter({
      hasText: new RegExp(`^Backup #\\d+ "Seen in the activity" on web-server-01 started — by ${E2E_ADMIN.email}`),
    });
    await expect(started).toHaveCount(1);
    await expect(started).toContainText(/seconds? ago/);
    // Completed 2.5 s later, as the watcher saw it: nobody did that, so nobody is named.
    const completed = lines(page).filter({ hasText: /"Seen in the activity" on web-server-01 completed, \d/ });
    await expect(completed).toBeVisible(SEEN);
    await expect(completed).not.toContainText(" — by ");
    // Newest first.
    await expect(lines(page).first()).toContainText("Seen in the activity");
  });

  test("follows the page's server filter", async ({ page, simulator }) => {
    const server = await simulator.addServer({ name: `filtered-${randomBytes(3).toString("hex")}` });
    await open(page);
    await expect(lines(page).filter({ hasText: `Server ${server.name} added` })).toBeVisible(SEEN);

    await open(page, `/?server_id=${server.id}`);
    await expect(activity(page)).toContainText("Latest first, for the filtered server");
    await expect(lines(page).first()).toContainText(`Server ${server.name} added`);
    // (Earlier tests' servers of the same id may follow: the reset reuses ids.) No other server's.
    await expect(lines(page).filter({ hasText: "web-server-01" })).toHaveCount(0);

    // The seed's server without backups: no spec changes anything on it.
    await open(page, "/?server_id=12350");
    await expect(activity(page)).toContainText(
      "No activity recorded for this server yet: the watcher records changes it sees from now on.",
    );
  });

  test("shows older activity with Show more", async ({ page, simulator }) => {
    const names = Array.from({ length: 12 }, (_, i) => `older-${i}-${randomBytes(2).toString("hex")}`);
    for (const name of names) await simulator.addServer({ name });
    await open(page);
    await expect(lines(page).filter({ hasText: `Server ${names.at(-1)} added` })).toBeVisible(SEEN);
    await expect(lines(page)).toHaveCount(10);
    await expect(lines(page).filter({ hasText: `Server ${names[0]} added` })).toHaveCount(0);

    await activity(page).getByRole("button", { name: "Show more" }).click();
    await expect(lines(page).filter({ hasText: `Server ${names[0]} added` })).toBeVisible();
    expect(await lines(page).count()).toBeGreaterThan(10);
  });

  test("has no WCAG 2.1 AA violations, in light and dark", async ({ page, simulator }) => {
    await simulator.addServer({ name: `axe-${randomBytes(3).toString("hex")}` });
    await open(page);
    await page.getByRole("article", { name: "web-server-01" }).getByRole("button", { name: "Back up now" }).click();
    await page
      .getByRole("dialog", { name: "Create a manual backup" })
      .getByRole("button", { name: "Create backup" })
      .click();
    await expect(lines(page).filter({ hasText: "— by " }).first()).toBeVisible();
    await expect(lines(page).filter({ hasText: "added" }).first()).toBeVisible(SEEN);
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
      const { violations } = await new AxeBuilder({ page })
        .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
        .include("section[aria-labelledby='activity-heading']")
        .analyze();
      expect(
        violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) })),
      ).toEqual([]);
    }
  });
});

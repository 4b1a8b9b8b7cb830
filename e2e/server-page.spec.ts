import AxeBuilder from "@axe-core/playwright";
import type { APIRequestContext, Page } from "@playwright/test";
import { APP_URL, E2E_ADMIN } from "../playwright.config";
import { expect, test } from "./fixtures";
import { textsOf } from "./messages";

// The page of one server (/servers/{id}): server-rendered in the reader's language, its charts of
// backup size and duration with the same figures in tables, its restores with who made them, and no
// WCAG 2.1 AA violations; in English and in Vietnamese.

const WEB = { id: 12345, name: "web-server-01" };
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const startsWith = (text: string) => new RegExp(`^${escape(text)}`);

async function expectNoViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }))).toEqual(
    [],
  );
}

/** A backup made through the dashboard's API (as the page's dialog makes it), once it is completed. */
async function completedBackup(request: APIRequestContext, description: string): Promise<number> {
  const created = await request.post("/api/backups", {
    data: { server_id: WEB.id, description },
    headers: { Origin: APP_URL },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: number };
  await expect
    .poll(async () => {
      const list = (await (await request.get(`/api/backups?server_id=${WEB.id}`)).json()) as {
        results: { id: number; status: string }[];
      };
      return list.results.find((backup) => backup.id === id)?.status;
    })
    .toBe("completed");
  return id;
}

test.describe("a server's page", () => {
  test.use({ reducedMotion: "reduce" });

  test("shows the server, its size and duration charts with their tables, and its restores", async ({
    page,
    request,
  }) => {
    const en = textsOf("en");
    const id = await completedBackup(request, "E2E history");
    const restored = await request.post(`/api/servers/${WEB.id}/restore`, {
      data: { backup_id: id },
      headers: { Origin: APP_URL },
    });
    expect(restored.status(), await restored.text()).toBe(200);

    await page.goto(`/servers/${WEB.id}`);
    await expect(
      page.getByRole("heading", { level: 1, name: en("ServerPage.title", { name: WEB.name }) }),
    ).toBeVisible();
    await expect(page.getByRole("table", { name: en("ServerPage.currentHeading") })).toContainText("E2E history");

    const sizes = page.getByRole("table", { name: en("ServerPage.sizeTitle") });
    await expect(page.getByRole("img", { name: startsWith(en("ServerPage.sizeTitle")) })).toBeVisible();
    await expect(sizes.getByRole("row").filter({ hasText: `#${id}` })).toContainText(en("ServerPage.listed"));
    // Seen completing by the watcher: it has a duration.
    const durations = page.getByRole("table", { name: en("ServerPage.durationTitle") });
    await expect(page.getByRole("img", { name: startsWith(en("ServerPage.durationTitle")) })).toBeVisible();
    await expect(durations.getByRole("row").filter({ hasText: `#${id}` })).toBeVisible();

    const restores = page.getByRole("table", { name: en("ServerPage.restoresHeading") });
    await expect(restores.getByRole("row").filter({ hasText: `#${id}` })).toContainText(E2E_ADMIN.email);
    await expect(restores.getByRole("row").filter({ hasText: `#${id}` })).toContainText(en("Audit.outcomes.success"));

    // The actions are on the backups page, filtered to this server.
    await page.getByRole("link", { name: en("ServerPage.manageBackups", { name: WEB.name }) }).click();
    await expect(page).toHaveURL(new RegExp(`/\\?server_id=${WEB.id}$`));
    await expect(page.getByRole("article", { name: WEB.name })).toBeVisible();
  });

  test("keeps a deleted backup in its history, marked as such", async ({ page, request }) => {
    const en = textsOf("en");
    const id = await completedBackup(request, "E2E deleted");
    const deleted = await request.delete(`/api/backups/${id}`, { headers: { Origin: APP_URL } });
    expect(deleted.status(), await deleted.text()).toBeLessThan(300);

    await page.goto(`/servers/${WEB.id}?days=30`);
    await expect(page.getByRole("link", { name: en("ServerPage.windowDays", { days: 30 }) })).toHaveAttribute(
      "aria-current",
      "page",
    );
    await expect(page.getByRole("table", { name: en("ServerPage.currentHeading") })).not.toContainText("E2E deleted");
    const row = page
      .getByRole("table", { name: en("ServerPage.sizeTitle") })
      .getByRole("row")
      .filter({ hasText: `#${id}` });
    await expect(row).toContainText(`${E2E_ADMIN.email}`);
    await expect(row).toContainText(/deleted \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  });

  test("has no WCAG 2.1 AA violations, in light and dark", async ({ page }) => {
    await page.goto(`/servers/${WEB.id}`);
    await expect(page.getByRole("img", { name: startsWith(textsOf("en")("ServerPage.sizeTitle")) })).toBeVisible();
    await expectNoViolations(page);
    await page.emulateMedia({ colorScheme: "dark" });
    await expectNoViolations(page);
  });

  test("answers an unknown or malformed id with the 404 page", async ({ page }) => {
    const en = textsOf("en");
    for (const path of ["/servers/999999", "/servers/not-a-number"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole("heading", { name: en("NotFound.title") })).toBeVisible();
    }
  });
});

test.describe("a server's page in Vietnamese", () => {
  test.use({ locale: "vi-VN", reducedMotion: "reduce" });

  test("is server-rendered in Vietnamese, with its chart and table, and no violations", async ({ page }) => {
    const vi = textsOf("vi");
    const html = await (
      await page.request.get(`/servers/${WEB.id}`, { headers: { "Accept-Language": "vi-VN,vi;q=0.9" } })
    ).text();
    expect(html).toContain('<html lang="vi"');
    expect(html).toContain(vi("ServerPage.sizeTitle"));

    await page.goto(`/servers/${WEB.id}`);
    await expect(
      page.getByRole("heading", { level: 1, name: vi("ServerPage.title", { name: WEB.name }) }),
    ).toBeVisible();
    await expect(page.getByRole("img", { name: startsWith(vi("ServerPage.sizeTitle")) })).toBeVisible();
    await expect(
      page
        .getByRole("table", { name: vi("ServerPage.sizeTitle") })
        .getByRole("row")
        .nth(1),
    ).toBeVisible();
    await expect(page.getByRole("heading", { name: vi("ServerPage.restoresHeading") })).toBeVisible();
    await expectNoViolations(page);
  });
});

import { expect, test } from "./fixtures";

test.describe("filters", () => {
  test("server and type live in the URL: a reload keeps them, Back and Forward step through them", async ({
    page,
    request,
  }) => {
    const webCount = ((await (await request.get("/api/backups?server_id=12345")).json()) as { count: number }).count;
    const webManualCount = (
      (await (await request.get("/api/backups?server_id=12345&backup_type=manual")).json()) as { count: number }
    ).count;
    const allCount = ((await (await request.get("/api/backups")).json()) as { count: number }).count;

    await page.goto("/");
    const filters = page.getByRole("search", { name: "Filter backups" });
    const count = page.getByRole("status", { name: "Backup count" });
    await expect(count).toHaveText(`${allCount} backups`);

    await filters.getByLabel("Server").selectOption({ label: "web-server-01" });
    await expect(page).toHaveURL(/\?server_id=12345$/);
    await expect(count).toHaveText(`${webCount} backups`);

    await filters.getByLabel("Type").selectOption({ label: "Manual" });
    await expect(page).toHaveURL(/\?server_id=12345&backup_type=manual$/);
    await expect(count).toHaveText(`${webManualCount} backups`);
    const rows = page
      .getByRole("table", { name: "Backup list" })
      .getByRole("row")
      .filter({ has: page.getByRole("cell") });
    await expect(rows).toHaveCount(webManualCount);
    for (const row of await rows.all()) await expect(row.getByRole("cell").first()).toHaveText("web-server-01");

    await page.reload();
    await expect(filters.getByLabel("Server")).toHaveValue("12345");
    await expect(filters.getByLabel("Type")).toHaveValue("manual");
    await expect(count).toHaveText(`${webManualCount} backups`);

    await page.goBack();
    await expect(page).toHaveURL(/\?server_id=12345$/);
    await expect(filters.getByLabel("Type")).toHaveValue("");
    await expect(count).toHaveText(`${webCount} backups`);

    await page.goBack();
    await expect(filters.getByLabel("Server")).toHaveValue("");
    await expect(count).toHaveText(`${allCount} backups`);

    await page.goForward();
    await expect(filters.getByLabel("Server")).toHaveValue("12345");
    await expect(count).toHaveText(`${webCount} backups`);
  });

  test("the search matches description and server name and is kept in the URL", async ({ page }) => {
    await page.goto("/");
    const filters = page.getByRole("search", { name: "Filter backups" });
    const count = page.getByRole("status", { name: "Backup count" });
    await expect(count).toHaveText(/^\d+ backups$/);

    await filters.getByLabel("Search").fill("NGINX");
    await expect(count).toHaveText(/^Showing 1 of \d+ backups$/);
    await expect(page).toHaveURL(/\?q=NGINX$/);

    await filters.getByLabel("Search").fill("legacy before");
    await expect(count).toHaveText(/^Showing 2 of \d+ backups$/);

    await page.reload();
    await expect(filters.getByLabel("Search")).toHaveValue("legacy before");
    await expect(count).toHaveText(/^Showing 2 of \d+ backups$/);
  });

  test("a pasted link with values the API would refuse shows everything", async ({ page, request }) => {
    const allCount = ((await (await request.get("/api/backups")).json()) as { count: number }).count;
    await page.goto("/?server_id=abc&backup_type=weekly");
    await expect(page.getByRole("status", { name: "Backup count" })).toHaveText(`${allCount} backups`);
    await expect(page.getByRole("alert").filter({ hasText: "could not be loaded" })).toHaveCount(0);
  });
});

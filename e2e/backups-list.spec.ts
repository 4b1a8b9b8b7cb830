import { expect, test } from "./fixtures";

test.describe("the backups list", () => {
  test("lists every backup newest first, with sizes, exact times, ages and expiry", async ({ page, request }) => {
    const api = (await (await request.get("/api/backups")).json()) as {
      count: number;
      results: { server: { name: string }; description: string }[];
    };
    await page.goto("/");
    const table = page.getByRole("table", { name: "Backup list" });
    await expect(table).toBeVisible();
    await expect(page.getByRole("status", { name: "Backup count" })).toHaveText(`${api.count} backups`);

    const rows = table.getByRole("row").filter({ has: page.getByRole("cell") });
    for (const [index, backup] of api.results.slice(0, 5).entries()) {
      await expect(rows.nth(index).getByRole("cell").first()).toHaveText(backup.server.name);
    }
    await expect(table.getByRole("columnheader")).toHaveText([
      "Server",
      "Type",
      "Status",
      "Size",
      "Created",
      "Expires",
      "Description",
      "Actions",
    ]);

    const manual = rows.filter({ hasText: "Pre-update backup" });
    await expect(manual.getByRole("cell")).toHaveText([
      "web-server-01",
      "manual",
      "Completed",
      /^\d+(\.\d)? GB$|^\d+ MB$/,
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} · \d+ days? ago$/,
      "never",
      "Pre-update backup",
      /Restore.*Delete/,
    ]);
    const automatic = rows.filter({ hasText: "Automatic daily backup" }).first();
    await expect(automatic.getByRole("cell").nth(5)).toHaveText(/^in \d+ (days?|hours?)$/);
  });

  test("says that the data comes from the simulator", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("banner")).toContainText("Simulator — sample data, not a real account");
    await expect(page.getByRole("heading", { level: 1, name: "Backups" })).toBeVisible();
  });

  test("shows provider strings as text, never as markup", async ({ page, simulator }) => {
    const name = "<img src=x onerror=alert(1)>";
    const server = await simulator.addServer({ name });
    await simulator.addAutomaticBackup(server.id);
    page.on("dialog", (dialog) => {
      throw new Error(`a dialog opened: ${dialog.message()}`);
    });
    await page.goto(`/?server_id=${server.id}`);
    await expect(page.getByRole("article", { name })).toBeVisible();
    await expect(
      // The server's name links to its page (the cell around it also holds the row's checkbox).
      page.getByRole("table", { name: "Backup list" }).getByRole("link", { name, exact: true }),
    ).toBeVisible();
    await expect(page.getByRole("img")).toHaveCount(0);
  });

  test("a slow VPS.org does not hold the page up: its rows come from the watcher's picture", async ({
    page,
    request,
    simulator,
  }) => {
    // Every page of the backups at VPS.org takes 300 ms more: reading the whole list (14 pages of 5
    // here) takes longer than the first render waits for VPS.org (1.5 s), so its rows are in the HTML
    // only because it does not read VPS.org at all.
    await simulator.fault({ mode: "latency", latency_ms: 300, method: "GET", path: "/backups/" });
    const html = await (await request.get("/")).text();
    expect(html).toContain("Pre-update backup");
    await page.goto("/");
    await expect(page.getByRole("table", { name: "Backup list" })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "Loading backups" })).toHaveCount(0);
  });

  test("a filter without results says so and offers to clear it", async ({ page }) => {
    await page.goto("/?server_id=12350");
    await expect(page.getByRole("article", { name: "empty-box" })).toContainText("0/10");
    await expect(page.getByRole("main")).toContainText("No backups match these filters.");
    await page.getByRole("main").getByRole("button", { name: "Clear filters" }).last().click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("table", { name: "Backup list" })).toBeVisible();
  });

  test("when the token may not read servers, the page says so and works from the backups", async ({
    page,
    simulator,
  }) => {
    await simulator.configure({ permissions: ["backups:read", "backups:write", "account:read"] });
    await page.goto("/");
    await expect(page.getByRole("note")).toContainText("may not read the Servers API");
    const card = page.getByRole("article", { name: "web-server-01" });
    await expect(card).toContainText("status unknown");
    await expect(card).toContainText("3/10");
    await expect(page.getByRole("article", { name: "empty-box" })).toHaveCount(0);
  });
});

test.describe("the first render", () => {
  // A viewer whose time zone and locale are not the server's (UTC).
  test.use({ timezoneId: "Asia/Tokyo", locale: "de-DE" });

  test("carries the list from the server, then shows times in the viewer's own time zone", async ({
    page,
    request,
  }) => {
    const html = await (await request.get("/")).text();
    expect(html).toContain("Pre-update backup"); // a seeded description: the rows are in the HTML itself

    const { results } = (await (await request.get("/api/backups")).json()) as {
      results: { description: string; created_at: string }[];
    };
    const backup = results.find((b) => b.description === "Pre-update backup")!;
    const tokyo = new Intl.DateTimeFormat("en-CA", {
      timeZone: "Asia/Tokyo",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .format(new Date(backup.created_at))
      .replace(",", "");

    await page.goto("/");
    const row = page
      .getByRole("table", { name: "Backup list" })
      .getByRole("row")
      .filter({ hasText: "Pre-update backup" });
    await expect(row).toContainText(tokyo);
  });
});

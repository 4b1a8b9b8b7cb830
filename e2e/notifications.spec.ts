import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import AxeBuilder from "@axe-core/playwright";
import { Webhook } from "standardwebhooks";
import { expect, test } from "./fixtures";

// An admin adds a webhook channel on /admin/notifications, sends a test message and sees it in the
// channel's delivery log; the receiver (started here) gets it once, signed with the secret the page
// showed once. The page has no WCAG 2.1 AA violations.

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

let receiver: Server;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];

test.beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      received.push({ headers: request.headers, body });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
});

test.afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});

test.describe("notifications", () => {
  test.use({ reducedMotion: "reduce" });

  test("an admin adds a webhook channel, sends a test and sees it delivered", async ({ page }) => {
    const name = `receiver ${randomBytes(3).toString("hex")}`;
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    await page.goto("/");
    await page.getByRole("navigation").getByRole("link", { name: "Notifications" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();

    const form = page.getByRole("region", { name: "Add a channel" });
    await form.getByLabel("Type").selectOption("webhook");
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("URL").fill(url);
    await form.getByLabel("Language of the messages").selectOption("en");
    await form.getByRole("button", { name: "Add channel" }).click();

    const shown = form.getByRole("status");
    await expect(shown).toContainText(`The signing secret of ${name}`);
    const secret = (await shown.getByText(/^whsec_/).textContent())!.trim();
    const row = page.getByRole("table", { name: "Channels" }).getByRole("row").filter({ hasText: name });
    await expect(row).toContainText("Webhook");
    await expect(row).toContainText(url);

    await row.getByRole("button", { name: `Send test to ${name}` }).click();
    const log = page.getByRole("table", { name: `Delivery log of ${name}` });
    const entry = log.getByRole("row").filter({ hasText: "Test" });
    await expect(entry).toContainText("Delivered", { timeout: 15_000 });
    await expect(entry).toContainText("204");

    // The first channel of a deployment also gets, once, the report of the servers already late or
    // never backed up (legacy-app-03 and empty-box in the simulator's fleet).
    const report = log.getByRole("row").filter({ hasText: "Backup health report" });
    await expect(report).toContainText("Delivered", { timeout: 15_000 });
    const reports = received.filter((m) => (JSON.parse(m.body) as { type: string }).type === "health.report");
    expect(reports).toHaveLength(1);
    expect(reports[0]!.body).toContain("legacy-app-03: late");
    expect(reports[0]!.body).toContain("empty-box: never backed up");
    // And the test message once.
    const tests = received.filter((m) => (JSON.parse(m.body) as { type: string }).type === "test");
    expect(tests).toHaveLength(1);
    const [message] = tests;
    const payload = new Webhook(secret).verify(message!.body, {
      "webhook-id": String(message!.headers["webhook-id"]),
      "webhook-timestamp": String(message!.headers["webhook-timestamp"]),
      "webhook-signature": String(message!.headers["webhook-signature"]),
    });
    expect(payload).toMatchObject({ type: "test" });

    const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
    expect(violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) }))).toEqual([]);
  });
});

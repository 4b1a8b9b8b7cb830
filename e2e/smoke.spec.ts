import { expect, test } from "./fixtures";

test("the dashboard serves its page and its API on the simulator", async ({ page, request }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: /backups/i })).toBeVisible();
  const response = await request.get("/api/backups");
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { count: number };
  expect(body.count).toBeGreaterThan(20);
});

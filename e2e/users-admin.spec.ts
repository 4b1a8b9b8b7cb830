import { randomBytes } from "node:crypto";
import { E2E_ADMIN } from "../playwright.config";
import { anonymousPage, expect, signInThroughPage, test } from "./fixtures";

test.describe("managing users", () => {
  test("an admin adds a user, who can then sign in with that role", async ({ page, browser }) => {
    const email = `new-${randomBytes(4).toString("hex")}@e2e.test`;
    await page.goto("/");
    await page.getByRole("link", { name: "Users" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();

    const form = page.getByRole("region", { name: "Add a user" });
    await form.getByLabel("Name").fill("Grace Hopper");
    await form.getByLabel("Email").fill(email);
    await form.getByLabel("Initial password").fill("grace's initial password");
    await form.getByLabel("Role").selectOption("operator");
    await form.getByRole("button", { name: "Add user" }).click();

    const row = page.getByRole("table", { name: "Users" }).getByRole("row").filter({ hasText: email });
    await expect(row).toContainText("Grace Hopper");
    await expect(row.getByLabel("Role of Grace Hopper")).toHaveValue("operator");
    await expect(form.getByLabel("Email")).toHaveValue("");

    const grace = await anonymousPage(browser);
    await signInThroughPage(grace, email, "grace's initial password");
    await expect(grace.getByRole("button", { name: /^Grace Hopper Operator/ })).toBeVisible();
    await grace.context().close();
  });

  test("the last admin cannot be demoted: the page shows why", async ({ page }) => {
    await page.goto("/admin/users");
    const row = page.getByRole("table", { name: "Users" }).getByRole("row").filter({ hasText: E2E_ADMIN.email });
    await expect(row.getByRole("button", { name: /^Disable/ })).toHaveAccessibleDescription(
      "You cannot disable your own account.",
    );
    await row.getByLabel(`Role of ${E2E_ADMIN.name}`).selectOption("viewer");
    await expect(page.getByRole("main").getByRole("alert")).toContainText(
      "This is the last enabled admin: make another user an admin first.",
    );
    await expect(row.getByLabel(`Role of ${E2E_ADMIN.name}`)).toHaveValue("admin");
  });
});

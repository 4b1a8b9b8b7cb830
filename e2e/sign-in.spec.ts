import { E2E_ADMIN, SSO_PERSON } from "../playwright.config";
import { anonymousPage, expect, test } from "./fixtures";

// Signing in and out. Each test starts without a session.
test.use({ storageState: { cookies: [], origins: [] } });

test.describe("signing in", () => {
  test("every page sends a stranger to the sign-in page, which brings them back after signing in; signing out ends it", async ({
    page,
  }) => {
    await page.goto("/audit");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Faudit$/);
    await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();

    // A wrong password, from an address of its own so that the run's other sign-ins are not limited.
    await page.setExtraHTTPHeaders({ "X-Forwarded-For": "198.51.100.31" });
    await page.getByLabel("Email").fill(E2E_ADMIN.email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Invalid email or password");
    await page.setExtraHTTPHeaders({});

    await page.getByLabel("Password").fill(E2E_ADMIN.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    await expect(page).toHaveURL(/\/audit$/);

    const menu = page.getByRole("button", { name: new RegExp(`^${E2E_ADMIN.name} Admin`) });
    await menu.click();
    await expect(page.getByRole("banner").getByText(E2E_ADMIN.email)).toBeVisible();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);

    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in\?next=%2F$/);
    expect((await page.request.get("/api/backups")).status()).toBe(401);
  });

  test("shows the sign-in limit's message with the wait", async ({ page }) => {
    await page.setExtraHTTPHeaders({ "X-Forwarded-For": "198.51.100.32" });
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill("nobody-in-particular@e2e.test");
    const password = page.getByLabel("Password");
    const submit = page.getByRole("button", { name: "Sign in", exact: true });
    for (let attempt = 1; attempt <= 5; attempt++) {
      await password.fill(`wrong password ${attempt}`);
      await submit.click();
      await expect(page.getByRole("main").getByRole("alert")).toHaveText("Invalid email or password");
      await expect(submit).toBeEnabled();
    }
    await password.fill("wrong password 6");
    await submit.click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText(
      /^Too many sign-in attempts for this account\. Try again in \d+ seconds?\.$/,
    );
  });

  test("single sign-on through the identity provider signs a new person in as a viewer", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Sign in with SSO" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Backups" })).toBeVisible();
    await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/$/);
    await expect(page.getByRole("button", { name: new RegExp(`^${SSO_PERSON.name} Viewer`) })).toBeVisible();
    await expect(page.getByRole("button", { name: "New backup" })).toBeDisabled();
  });

  test("a signed-in person who opens the sign-in page goes on to the dashboard", async ({ browser }) => {
    const page = await anonymousPage(browser);
    await page.goto("/sign-in?next=/audit");
    await page.getByLabel("Email").fill(E2E_ADMIN.email);
    await page.getByLabel("Password").fill(E2E_ADMIN.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    await page.goto("/sign-in");
    await expect(page.getByRole("heading", { level: 1, name: "Backups" })).toBeVisible();
    await page.context().close();
  });
});

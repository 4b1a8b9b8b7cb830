import { addUser, anonymousPage, expect, signInThroughPage, test } from "./fixtures";

test.describe("what each role may do", () => {
  test("a viewer sees delete, restore and create disabled, each with its reason; the API refuses them too", async ({
    browser,
    request,
  }) => {
    const viewer = await addUser(request, "viewer");
    const page = await anonymousPage(browser);
    await signInThroughPage(page, viewer.email, viewer.password);

    await expect(page.getByRole("note").filter({ hasText: "you are a viewer" })).toContainText(
      "you cannot create backups, delete backups or restore servers",
    );
    const table = page.getByRole("table", { name: "Backup list" });
    const deleteButton = table.getByRole("button", { name: /^Delete backup of/ }).first();
    await expect(deleteButton).toBeDisabled();
    await expect(deleteButton).toHaveAccessibleDescription("Only admins can delete backups (you are a viewer).");
    await expect(deleteButton).toHaveAttribute("title", "Only admins can delete backups (you are a viewer).");
    const restoreButton = table.getByRole("button", { name: /^Restore backup of/ }).first();
    await expect(restoreButton).toBeDisabled();
    await expect(restoreButton).toHaveAccessibleDescription("Only admins can restore a server (you are a viewer).");
    const create = page.getByRole("button", { name: "New backup" });
    await expect(create).toBeDisabled();
    await expect(create).toHaveAccessibleDescription(
      "Only operators and admins can create backups (you are a viewer).",
    );
    await expect(
      page.getByRole("article", { name: "web-server-01" }).getByRole("button", { name: "Back up now" }),
    ).toHaveAccessibleDescription(/Only operators and admins/);
    await expect(page.getByRole("link", { name: "Users" })).toHaveAccessibleDescription("Only admins manage users.");

    // A direct call with the viewer's session is refused by the server, not just by the page.
    const direct = await page.request.delete("/api/backups/1");
    expect(direct.status()).toBe(403);
    expect(await direct.json()).toMatchObject({ error: { code: "forbidden" } });
    expect((await page.request.post("/api/backups", { data: { server_id: 12345 } })).status()).toBe(403);
    await page.context().close();
  });

  test("an operator may create but not delete", async ({ browser, request }) => {
    const operator = await addUser(request, "operator");
    const page = await anonymousPage(browser);
    await signInThroughPage(page, operator.email, operator.password);
    await expect(page.getByRole("button", { name: "New backup" })).toBeEnabled();
    await expect(
      page
        .getByRole("table", { name: "Backup list" })
        .getByRole("button", { name: /^Delete backup of/ })
        .first(),
    ).toHaveAccessibleDescription("Only admins can delete backups (you are an operator).");
    await page.context().close();
  });
});

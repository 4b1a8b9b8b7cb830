"use client";

import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent, type ReactNode } from "react";
import { Spinner } from "@/components/spinner";
import { SimpleTable } from "@/components/column-headers";
import { ActionError, QueryErrorAlert } from "@/components/error-alert";
import { EmailField, PasswordField, SelectField, TextField } from "@/components/form-field";
import { buttonStyles, fieldStyles } from "@/components/styles";
import { roleNames, type Role } from "@/lib/auth/role-names";
import { formatDateTime } from "@/lib/backups/format";
import { useAddUser } from "@/lib/users/client/add-user";
import { useUsers } from "@/lib/users/client/get-users";
import { useUpdateUser } from "@/lib/users/client/update-user";
import type { UserSummary } from "@/lib/users/schemas";

type UsersT = ReturnType<typeof useTranslations<"Users">>;

const userColumns = (t: UsersT) => [
  { label: t("columns.name") },
  { label: t("columns.email") },
  { label: t("columns.role") },
  { label: t("columns.state") },
  { label: t("columns.added") },
  { label: t("columns.actions"), srOnly: true },
];

const hidden = (chunks: ReactNode) => <span className="sr-only">{chunks}</span>;

/** The admin's page: every user with role and state, and a form to add one. */
export function UsersAdmin({ currentUserId }: { currentUserId: string }) {
  const t = useTranslations("Users");
  const users = useUsers();
  const update = useUpdateUser();
  const [lastChange, setLastChange] = useState<string | null>(null);

  return (
    <div className="mt-6 space-y-10">
      <section aria-labelledby="users-heading" className="space-y-4">
        <h2 id="users-heading" className="text-lg font-semibold">
          {t("users")}
        </h2>
        <ActionError title={t("changeFailed")} error={update.error} />
        <p role="status" className="sr-only">
          {lastChange}
        </p>
        {users.data ? (
          <SimpleTable labelledBy="users-heading" columns={userColumns(t)}>
            {users.data.results.map((user) => (
              <UserRow
                key={user.id}
                user={user}
                self={user.id === currentUserId}
                pending={update.isPending && update.variables?.userId === user.id}
                onChange={(change, done) => {
                  update.reset();
                  update.mutate({ userId: user.id, change }, { onSuccess: () => setLastChange(done) });
                }}
              />
            ))}
          </SimpleTable>
        ) : users.isError ? (
          <QueryErrorAlert title={t("loadFailed")} query={users} />
        ) : (
          <p role="status">{t("loading")}</p>
        )}
      </section>
      <AddUserForm onAdded={(user) => setLastChange(t("added", { email: user.email, role: String(user.role) }))} />
    </div>
  );
}

interface UserRowProps {
  user: UserSummary;
  self: boolean;
  pending: boolean;
  onChange: (change: { role: Role } | { disabled: boolean }, done: string) => void;
}

function UserRow({ user, self, pending, onChange }: UserRowProps) {
  const t = useTranslations("Users");
  const id = useId();
  const name = user.name || user.email;
  return (
    <tr>
      <td className="px-3 py-3 font-medium">{user.name}</td>
      <td className="break-all px-3 py-3">{user.email}</td>
      <td className="px-3 py-3">
        <label htmlFor={`${id}-role`} className="sr-only">
          {t("roleOf", { name })}
        </label>
        <select
          id={`${id}-role`}
          className={`${fieldStyles} w-36`}
          value={user.role ?? ""}
          disabled={pending}
          onChange={(event) =>
            onChange({ role: event.target.value as Role }, t("nowRole", { name, role: event.target.value }))
          }
        >
          {user.role === null ? <option value="">{t("noRole")}</option> : null}
          {roleNames.map((role) => (
            <option key={role} value={role}>
              {t(`roles.${role}`)}
            </option>
          ))}
        </select>
      </td>
      <td className="px-3 py-3">
        {user.disabled ? (
          <span className="font-medium text-red-800 dark:text-red-300">{t("disabled")}</span>
        ) : (
          t("active")
        )}
      </td>
      <td className="px-3 py-3 whitespace-nowrap tabular-nums">{formatDateTime(user.createdAt)}</td>
      <td className="px-3 py-3 text-right">
        {user.disabled ? (
          <button
            type="button"
            className={buttonStyles.small}
            disabled={pending}
            onClick={() => onChange({ disabled: false }, t("enabledDone", { name }))}
          >
            {t.rich("enable", { name, hidden })}
          </button>
        ) : (
          <>
            <button
              type="button"
              className={buttonStyles.smallDanger}
              disabled={pending || self}
              title={self ? t("cannotDisableSelf") : undefined}
              aria-describedby={self ? `${id}-self` : undefined}
              onClick={() => onChange({ disabled: true }, t("disabledDone", { name }))}
            >
              {t.rich("disable", { name, hidden })}
            </button>
            {self ? (
              <span id={`${id}-self`} className="sr-only">
                {t("cannotDisableSelf")}
              </span>
            ) : null}
          </>
        )}
      </td>
    </tr>
  );
}

function AddUserForm({ onAdded }: { onAdded: (user: UserSummary) => void }) {
  const t = useTranslations("Users");
  const id = useId();
  const addUser = useAddUser();
  const empty = { name: "", email: "", password: "", role: "viewer" as Role };
  const [form, setForm] = useState(empty);
  const set = (key: keyof typeof empty) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [key]: event.target.value }));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (addUser.isPending) return;
    addUser.mutate(
      { ...form, name: form.name.trim(), email: form.email.trim() },
      {
        onSuccess: (user) => {
          setForm(empty);
          onAdded(user);
        },
      },
    );
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="max-w-xl space-y-4">
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {t("addHeading")}
      </h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("addIntro")}</p>
      <form onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-2">
        <TextField label={t("name")} required maxLength={100} value={form.name} onChange={set("name")} />
        <EmailField label={t("email")} autoComplete="off" value={form.email} onChange={set("email")} />
        <PasswordField label={t("initialPassword")} choosing value={form.password} onChange={set("password")} />
        <SelectField label={t("role")} value={form.role} onChange={set("role")}>
          {roleNames.map((role) => (
            <option key={role} value={role}>
              {t(`roles.${role}`)}
            </option>
          ))}
        </SelectField>
        <ActionError title={t("addFailed")} error={addUser.error} className="sm:col-span-2" />
        <div className="sm:col-span-2">
          <button type="submit" className={buttonStyles.primary} disabled={addUser.isPending}>
            {addUser.isPending ? <Spinner /> : null}
            {addUser.isPending ? t("adding") : t("add")}
          </button>
        </div>
      </form>
    </section>
  );
}

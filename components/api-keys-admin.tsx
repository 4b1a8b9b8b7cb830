"use client";

import { useTranslations } from "next-intl";
import { useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { SimpleTable } from "@/components/column-headers";
import { ActionError, QueryErrorAlert } from "@/components/error-alert";
import { SelectField, TextField } from "@/components/form-field";
import { Spinner } from "@/components/spinner";
import { buttonStyles, fieldStyles } from "@/components/styles";
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from "@/lib/api-keys/client/api-keys";
import { DEFAULT_API_KEY_EXPIRY_DAYS, MAX_API_KEY_EXPIRY_DAYS, MAX_API_KEY_NAME_LENGTH } from "@/lib/api-keys/limits";
import type { ApiKey, CreatedApiKey } from "@/lib/api-keys/schemas";
import { roleNames, type Role } from "@/lib/auth/role-names";
import { formatDateTime } from "@/lib/backups/format";

type KeysT = ReturnType<typeof useTranslations<"ApiKeys">>;

const hidden = (chunks: ReactNode) => <span className="sr-only">{chunks}</span>;

interface ApiKeysAdminProps {
  /** The signed-in person's role: a key's role can be at most this. */
  role: Role | null;
  /** Whether the list holds everyone's keys (an admin's view). */
  everyone: boolean;
  currentUserId: string;
}

/** The signed-in person's API keys (an admin's: everyone's), a form to make one, and the new key, shown once. */
export function ApiKeysAdmin({ role, everyone, currentUserId }: ApiKeysAdminProps) {
  const t = useTranslations("ApiKeys");
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [announcement, setAnnouncement] = useState<string | null>(null);
  const columns = [
    { label: t("columns.name") },
    ...(everyone ? [{ label: t("columns.owner") }] : []),
    { label: t("columns.role") },
    { label: t("columns.key") },
    { label: t("columns.status") },
    { label: t("columns.created") },
    { label: t("columns.expires") },
    { label: t("columns.lastUsed") },
    { label: t("columns.actions"), srOnly: true },
  ];

  return (
    <div className="mt-6 space-y-10">
      <CreateKeyForm
        role={role}
        onCreated={(key) => {
          setCreated(key);
          setAnnouncement(t("createdDone", { name: key.name }));
        }}
      />
      {created ? <NewKey created={created} onDismiss={() => setCreated(null)} /> : null}
      <section aria-labelledby="api-keys-heading" className="space-y-4">
        <h2 id="api-keys-heading" className="text-lg font-semibold">
          {everyone ? t("everyonesKeys") : t("yourKeys")}
        </h2>
        <ActionError title={t("revokeFailed")} error={revoke.error} />
        <p role="status" className="sr-only">
          {announcement}
        </p>
        {keys.data ? (
          keys.data.results.length === 0 ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("none")}</p>
          ) : (
            <SimpleTable labelledBy="api-keys-heading" columns={columns}>
              {keys.data.results.map((key) => (
                <KeyRow
                  key={key.id}
                  apiKey={key}
                  everyone={everyone}
                  own={key.owner.id === currentUserId}
                  pending={revoke.isPending && revoke.variables === key.id}
                  onRevoke={() => {
                    if (!confirm(t("confirmRevoke", { name: key.name, prefix: key.prefix }))) return;
                    revoke.reset();
                    revoke.mutate(key.id, { onSuccess: () => setAnnouncement(t("revokedDone", { name: key.name })) });
                  }}
                />
              ))}
            </SimpleTable>
          )
        ) : keys.isError ? (
          <QueryErrorAlert title={t("loadFailed")} query={keys} />
        ) : (
          <p role="status">{t("loading")}</p>
        )}
      </section>
    </div>
  );
}

function statusLabel(t: KeysT, key: ApiKey): string {
  return t(`status.${key.status}`);
}

function KeyRow({
  apiKey,
  everyone,
  own,
  pending,
  onRevoke,
}: {
  apiKey: ApiKey;
  everyone: boolean;
  own: boolean;
  pending: boolean;
  onRevoke: () => void;
}) {
  const t = useTranslations("ApiKeys");
  const tRoles = useTranslations("Roles");
  const statusTone =
    apiKey.status === "active"
      ? "text-emerald-800 dark:text-emerald-300"
      : apiKey.status === "revoked"
        ? "text-red-800 dark:text-red-300"
        : "text-zinc-600 dark:text-zinc-400";
  return (
    <tr>
      <td className="px-3 py-3 font-medium break-all">{apiKey.name}</td>
      {everyone ? (
        <td className="px-3 py-3 break-all">{own ? t("you", { email: apiKey.owner.email }) : apiKey.owner.email}</td>
      ) : null}
      <td className="px-3 py-3">{tRoles(apiKey.role)}</td>
      <td className="px-3 py-3 font-mono text-xs whitespace-nowrap">{`${apiKey.prefix}…`}</td>
      <td className={`px-3 py-3 font-medium ${statusTone}`}>
        {statusLabel(t, apiKey)}
        {apiKey.status === "revoked" && apiKey.revoked_by ? (
          <span className="block text-xs font-normal text-zinc-600 dark:text-zinc-400">
            {t("revokedBy", { email: apiKey.revoked_by, at: formatDateTime(apiKey.revoked_at!) })}
          </span>
        ) : null}
      </td>
      <td className="px-3 py-3 whitespace-nowrap tabular-nums">{formatDateTime(apiKey.created_at)}</td>
      <td className="px-3 py-3 whitespace-nowrap tabular-nums">{formatDateTime(apiKey.expires_at)}</td>
      <td className="px-3 py-3 whitespace-nowrap tabular-nums">
        {apiKey.last_used_at ? formatDateTime(apiKey.last_used_at) : t("neverUsed")}
      </td>
      <td className="px-3 py-3 text-right">
        {apiKey.status === "active" ? (
          <button type="button" className={buttonStyles.smallDanger} disabled={pending} onClick={onRevoke}>
            {pending ? <Spinner /> : null}
            {t.rich("revoke", { name: apiKey.name, hidden })}
          </button>
        ) : null}
      </td>
    </tr>
  );
}

function CreateKeyForm({ role, onCreated }: { role: Role | null; onCreated: (key: CreatedApiKey) => void }) {
  const t = useTranslations("ApiKeys");
  const tRoles = useTranslations("Roles");
  const id = useId();
  const create = useCreateApiKey();
  // A key's role can be at most the person's own: higher roles are not offered.
  const allowed = role === null ? [] : roleNames.slice(0, roleNames.indexOf(role) + 1);
  const empty = { name: "", role: allowed.at(-1) ?? "viewer", days: String(DEFAULT_API_KEY_EXPIRY_DAYS) };
  const [form, setForm] = useState(empty);
  const set = (field: keyof typeof empty) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [field]: event.target.value }));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (create.isPending) return;
    create.reset();
    create.mutate(
      { name: form.name.trim(), role: form.role as Role, expires_in_days: Number(form.days) },
      {
        onSuccess: (key) => {
          setForm(empty);
          onCreated(key);
        },
      },
    );
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="max-w-2xl space-y-4">
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {t("createHeading")}
      </h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("createIntro")}</p>
      <form onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-3">
        <TextField
          label={t("name")}
          hint={t("nameHint")}
          required
          maxLength={MAX_API_KEY_NAME_LENGTH}
          value={form.name}
          onChange={set("name")}
        />
        <SelectField label={t("role")} hint={t("roleHint")} value={form.role} onChange={set("role")}>
          {allowed.map((name) => (
            <option key={name} value={name}>
              {tRoles(name)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t("expiresInDays")}
          hint={t("expiresHint", { max: MAX_API_KEY_EXPIRY_DAYS })}
          type="number"
          inputMode="numeric"
          required
          min={1}
          max={MAX_API_KEY_EXPIRY_DAYS}
          value={form.days}
          onChange={set("days")}
        />
        <ActionError title={t("createFailed")} error={create.error} className="sm:col-span-3" />
        <div className="sm:col-span-3">
          <button type="submit" className={buttonStyles.primary} disabled={create.isPending || allowed.length === 0}>
            {create.isPending ? <Spinner /> : null}
            {create.isPending ? t("creating") : t("create")}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The new key, in full, this once: the store keeps only its hash. */
function NewKey({ created, onDismiss }: { created: CreatedApiKey; onDismiss: () => void }) {
  const t = useTranslations("ApiKeys");
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<boolean | null>(null);

  async function copy() {
    input.current?.select();
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }

  return (
    <section
      aria-labelledby={`${id}-heading`}
      className="max-w-2xl space-y-3 rounded-xl border border-amber-300 bg-amber-50 p-4 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-50"
    >
      <h2 id={`${id}-heading`} className="font-semibold">
        {t("newKeyHeading", { name: created.name })}
      </h2>
      <p className="text-sm">{t("newKeyOnce")}</p>
      <label htmlFor={`${id}-key`} className="sr-only">
        {t("newKeyLabel", { name: created.name })}
      </label>
      <input
        id={`${id}-key`}
        ref={input}
        readOnly
        value={created.key}
        onFocus={(event) => event.target.select()}
        className={`${fieldStyles} font-mono`}
      />
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" className={buttonStyles.secondary} onClick={copy}>
          {t("copy")}
        </button>
        <button type="button" className={buttonStyles.secondary} onClick={onDismiss}>
          {t("dismiss")}
        </button>
        <p role="status" className="text-sm">
          {copied === true ? t("copied") : copied === false ? t("copyFailed") : null}
        </p>
      </div>
    </section>
  );
}

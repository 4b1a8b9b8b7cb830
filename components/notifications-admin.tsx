"use client";

import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent, type ReactNode } from "react";
import { SimpleTable } from "@/components/column-headers";
import { ActionError, QueryErrorAlert } from "@/components/error-alert";
import { SelectField, TextField } from "@/components/form-field";
import { Spinner } from "@/components/spinner";
import { buttonStyles } from "@/components/styles";
import { formatDateTime } from "@/lib/backups/format";
import {
  useAddChannel,
  useDeleteChannel,
  useRetryDelivery,
  useTestNotification,
  useUpdateChannel,
} from "@/lib/notifications/client/change-channels";
import { useChannels } from "@/lib/notifications/client/get-channels";
import { useDeliveries } from "@/lib/notifications/client/get-deliveries";
import type { AddChannelInput } from "@/lib/notifications/inputs";
import {
  channelKinds,
  channelLocales,
  type ChannelKind,
  type ChannelLocale,
  type NotificationKind,
} from "@/lib/notifications/kinds";
import type { ChannelSummary, CreatedChannel, Delivery } from "@/lib/notifications/schemas";

type NotificationsT = ReturnType<typeof useTranslations<"Notifications">>;

const hidden = (chunks: ReactNode) => <span className="sr-only">{chunks}</span>;

const channelColumns = (t: NotificationsT) => [
  { label: t("columns.name") },
  { label: t("columns.kind") },
  { label: t("columns.target") },
  { label: t("columns.locale") },
  { label: t("columns.state") },
  { label: t("columns.actions"), srOnly: true },
];

const deliveryColumns = (t: NotificationsT) => [
  { label: t("deliveryColumns.time") },
  { label: t("deliveryColumns.event") },
  { label: t("deliveryColumns.state") },
  { label: t("deliveryColumns.answer") },
  { label: t("deliveryColumns.attempts") },
  { label: t("deliveryColumns.actions"), srOnly: true },
];

/** The admin's page: every channel (the environment's read-only), its delivery log, and a form to add one. */
export function NotificationsAdmin() {
  const t = useTranslations("Notifications");
  const channels = useChannels();
  const update = useUpdateChannel();
  const remove = useDeleteChannel();
  const test = useTestNotification();
  const [shown, setShown] = useState<string | null>(null);
  const [lastChange, setLastChange] = useState<string | null>(null);
  const failed = update.error ?? remove.error ?? test.error;
  const reset = () => [update, remove, test].forEach((mutation) => mutation.reset());
  const shownChannel = channels.data?.results.find((channel) => channel.id === shown) ?? null;

  return (
    <div className="mt-6 space-y-10">
      <section aria-labelledby="channels-heading" className="space-y-4">
        <h2 id="channels-heading" className="text-lg font-semibold">
          {t("channels")}
        </h2>
        <ActionError title={t("changeFailed")} error={failed} />
        <p role="status" className="sr-only">
          {lastChange}
        </p>
        {channels.data ? (
          channels.data.results.length === 0 ? (
            <p>{t("noChannels")}</p>
          ) : (
            <SimpleTable labelledBy="channels-heading" columns={channelColumns(t)}>
              {channels.data.results.map((channel) => (
                <ChannelRow
                  key={channel.id}
                  channel={channel}
                  showing={shown === channel.id}
                  onShow={() => setShown(shown === channel.id ? null : channel.id)}
                  onTest={() => {
                    reset();
                    test.mutate(channel.id, {
                      onSuccess: () => {
                        setShown(channel.id);
                        setLastChange(t("testQueued", { name: channel.name }));
                      },
                    });
                  }}
                  onPause={(paused) => {
                    reset();
                    update.mutate(
                      { id: channel.id, change: { paused } },
                      {
                        onSuccess: () =>
                          setLastChange(t(paused ? "pausedDone" : "resumedDone", { name: channel.name })),
                      },
                    );
                  }}
                  onDelete={() => {
                    if (!confirm(t("confirmDelete", { name: channel.name }))) return;
                    reset();
                    remove.mutate(channel.id, {
                      onSuccess: () => {
                        if (shown === channel.id) setShown(null);
                        setLastChange(t("deletedDone", { name: channel.name }));
                      },
                    });
                  }}
                />
              ))}
            </SimpleTable>
          )
        ) : channels.isError ? (
          <QueryErrorAlert title={t("loadFailed")} query={channels} />
        ) : (
          <p role="status">{t("loading")}</p>
        )}
      </section>
      {shownChannel ? <DeliveryLog channel={shownChannel} /> : null}
      <AddChannelForm
        emailAvailable={channels.data?.emailAvailable ?? false}
        onAdded={(created) => setLastChange(t("addedDone", { name: created.channel.name }))}
      />
    </div>
  );
}

interface ChannelRowProps {
  channel: ChannelSummary;
  showing: boolean;
  onShow: () => void;
  onTest: () => void;
  onPause: (paused: boolean) => void;
  onDelete: () => void;
}

function ChannelRow({ channel, showing, onShow, onTest, onPause, onDelete }: ChannelRowProps) {
  const t = useTranslations("Notifications");
  const name = channel.name;
  return (
    <tr>
      <td className="px-3 py-3 font-medium">{name}</td>
      <td className="px-3 py-3">{t(`kinds.${channel.kind}`)}</td>
      <td className="break-all px-3 py-3">{channel.target ?? t("slackTarget")}</td>
      <td className="px-3 py-3">{t(`locales.${channel.locale}`)}</td>
      <td className="px-3 py-3">
        {channel.fromEnvironment ? t("fromEnvironment") : channel.paused ? t("paused") : t("active")}
      </td>
      <td className="px-3 py-3">
        <div className="flex flex-wrap justify-end gap-2">
          <button type="button" className={buttonStyles.small} onClick={onTest}>
            {t.rich("test", { name, hidden })}
          </button>
          <button type="button" className={buttonStyles.small} aria-expanded={showing} onClick={onShow}>
            {t.rich("showDeliveries", { name, hidden })}
          </button>
          {channel.fromEnvironment ? null : (
            <>
              <button type="button" className={buttonStyles.small} onClick={() => onPause(!channel.paused)}>
                {channel.paused ? t.rich("resume", { name, hidden }) : t.rich("pause", { name, hidden })}
              </button>
              <button type="button" className={buttonStyles.smallDanger} onClick={onDelete}>
                {t.rich("delete", { name, hidden })}
              </button>
            </>
          )}
        </div>
      </td>
    </tr>
  );
}

function DeliveryLog({ channel }: { channel: ChannelSummary }) {
  const t = useTranslations("Notifications");
  const deliveries = useDeliveries(channel.id);
  const retry = useRetryDelivery();
  const [done, setDone] = useState<string | null>(null);
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="space-y-4">
      <h2 id={headingId} className="text-lg font-semibold">
        {t("deliveriesHeading", { name: channel.name })}
      </h2>
      <ActionError title={t("changeFailed")} error={retry.error} />
      <p role="status" className="sr-only">
        {done}
      </p>
      {deliveries.data ? (
        deliveries.data.results.length === 0 ? (
          <p>{t("noDeliveries")}</p>
        ) : (
          <SimpleTable labelledBy={headingId} columns={deliveryColumns(t)}>
            {deliveries.data.results.map((delivery) => (
              <DeliveryRow
                key={delivery.id}
                delivery={delivery}
                pending={retry.isPending && retry.variables === delivery.id}
                onRetry={() => {
                  retry.reset();
                  retry.mutate(delivery.id, { onSuccess: () => setDone(t("retried", { id: delivery.id })) });
                }}
              />
            ))}
          </SimpleTable>
        )
      ) : deliveries.isError ? (
        <QueryErrorAlert title={t("deliveriesFailed")} query={deliveries} />
      ) : (
        <p role="status">{t("deliveriesLoading")}</p>
      )}
    </section>
  );
}

/** A kind's name in the catalog ("backup.failed" → events.backup_failed). */
const eventKey = {
  "backup.failed": "backup_failed",
  "restore.finished": "restore_finished",
  "restore.failed": "restore_failed",
  "quota.near": "quota_near",
  "quota.full": "quota_full",
  "provider.down": "provider_down",
  "provider.recovered": "provider_recovered",
  "server.late": "server_late",
  "server.never": "server_never",
  "health.report": "health_report",
  "schedule.failed": "schedule_failed",
  test: "test",
} as const satisfies Record<NotificationKind, string>;

function DeliveryRow({ delivery, pending, onRetry }: { delivery: Delivery; pending: boolean; onRetry: () => void }) {
  const t = useTranslations("Notifications");
  const event = eventKey[delivery.kind];
  return (
    <tr>
      <td className="px-3 py-3 whitespace-nowrap tabular-nums">{formatDateTime(delivery.at)}</td>
      <td className="px-3 py-3">
        {t(`events.${event}`)}
        {delivery.serverName ? (
          <span className="block text-xs text-zinc-600 dark:text-zinc-400">{delivery.serverName}</span>
        ) : null}
      </td>
      <td className="px-3 py-3">
        <span className={delivery.state === "failed" ? "font-medium text-red-800 dark:text-red-300" : undefined}>
          {t(`deliveryStates.${delivery.state}`)}
        </span>
        {delivery.nextAttemptAt && delivery.attempts > 0 ? (
          <span className="block text-xs text-zinc-600 dark:text-zinc-400">
            {t("nextAttempt", { time: formatDateTime(delivery.nextAttemptAt) })}
          </span>
        ) : null}
      </td>
      <td className="break-all px-3 py-3 tabular-nums">{delivery.lastAnswer ?? "—"}</td>
      <td className="px-3 py-3 tabular-nums">{delivery.attempts}</td>
      <td className="px-3 py-3 text-right">
        {delivery.state === "delivered" ? null : (
          <button type="button" className={buttonStyles.small} disabled={pending} onClick={onRetry}>
            {t.rich("retry", { id: delivery.id, hidden })}
          </button>
        )}
      </td>
    </tr>
  );
}

interface AddForm {
  kind: ChannelKind;
  name: string;
  url: string;
  to: string;
  secret: string;
  locale: ChannelLocale;
}

function toInput(form: AddForm): AddChannelInput {
  const common = { name: form.name.trim(), locale: form.locale };
  if (form.kind === "email") return { kind: "email", ...common, to: form.to.trim() };
  if (form.kind === "slack") return { kind: "slack", ...common, url: form.url.trim() };
  return {
    kind: "webhook",
    ...common,
    url: form.url.trim(),
    ...(form.secret.trim() ? { secret: form.secret.trim() } : {}),
  };
}

function AddChannelForm({
  emailAvailable,
  onAdded,
}: {
  emailAvailable: boolean;
  onAdded: (created: CreatedChannel) => void;
}) {
  const t = useTranslations("Notifications");
  const id = useId();
  const add = useAddChannel();
  const empty: AddForm = { kind: "webhook", name: "", url: "", to: "", secret: "", locale: "en" };
  const [form, setForm] = useState(empty);
  const [created, setCreated] = useState<CreatedChannel | null>(null);
  const set = (key: keyof AddForm) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [key]: event.target.value }));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (add.isPending) return;
    setCreated(null);
    add.mutate(toInput(form), {
      onSuccess: (answer) => {
        setForm({ ...empty, kind: form.kind });
        setCreated(answer);
        onAdded(answer);
      },
    });
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="max-w-xl space-y-4">
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {t("addHeading")}
      </h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("addIntro")}</p>
      {created?.secret ? (
        <div
          role="status"
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
        >
          <p className="font-medium">{t("secretShown", { name: created.channel.name })}</p>
          <p className="mt-1">{t("secretOnce")}</p>
          <code className="mt-2 block break-all font-mono text-xs">{created.secret}</code>
        </div>
      ) : null}
      <form onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-2">
        <SelectField label={t("kind")} value={form.kind} onChange={set("kind")}>
          {channelKinds.map((kind) => (
            <option key={kind} value={kind} disabled={kind === "email" && !emailAvailable}>
              {t(`kinds.${kind}`)}
            </option>
          ))}
        </SelectField>
        <TextField label={t("name")} required maxLength={100} value={form.name} onChange={set("name")} />
        {form.kind === "email" ? (
          <TextField
            label={t("to")}
            type="email"
            required
            className="sm:col-span-2"
            value={form.to}
            onChange={set("to")}
          />
        ) : (
          <TextField
            label={form.kind === "slack" ? t("slackUrl") : t("url")}
            type="url"
            required
            autoComplete="off"
            className="sm:col-span-2"
            value={form.url}
            onChange={set("url")}
          />
        )}
        {form.kind === "webhook" ? (
          <TextField
            label={t("secret")}
            hint={t("secretHint")}
            autoComplete="off"
            className="sm:col-span-2"
            value={form.secret}
            onChange={set("secret")}
          />
        ) : null}
        <SelectField label={t("locale")} value={form.locale} onChange={set("locale")}>
          {channelLocales.map((locale) => (
            <option key={locale} value={locale}>
              {t(`locales.${locale}`)}
            </option>
          ))}
        </SelectField>
        {emailAvailable ? null : (
          <p className="text-xs text-zinc-600 sm:col-span-2 dark:text-zinc-400">{t("emailUnavailable")}</p>
        )}
        <ActionError title={t("addFailed")} error={add.error} className="sm:col-span-2" />
        <div className="sm:col-span-2">
          <button type="submit" className={buttonStyles.primary} disabled={add.isPending}>
            {add.isPending ? <Spinner /> : null}
            {add.isPending ? t("adding") : t("add")}
          </button>
        </div>
      </form>
    </section>
  );
}

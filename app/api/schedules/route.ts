import { idempotencyStore, idempotent } from "@/lib/api/idempotency";
import { defineRoute, json } from "@/lib/api/route";
import { serverTimeZone } from "@/lib/schedules/cron";
import { createScheduleInputSchema, secondsAllowed } from "@/lib/schedules/inputs";
import { scheduleListSchema, scheduleSchema } from "@/lib/schedules/schemas";
import { createSchedule, listSchedules } from "@/lib/schedules/server/schedules";

// GET /api/schedules – the team's backup schedules, each with its next five due times and its latest run
export const GET = defineRoute({ permission: { schedule: ["list"] } }, async ({ store }) =>
  json(scheduleListSchema, {
    schedules: await listSchedules(store.db),
    default_timezone: serverTimeZone(),
    seconds_allowed: secondsAllowed(),
  }),
);

// POST /api/schedules – create a schedule (operators and admins; audited), once per Idempotency-Key
export const POST = defineRoute(
  { permission: { schedule: ["manage"] }, body: createScheduleInputSchema },
  async ({ request, store, session, ip, body }) =>
    idempotent(
      request,
      `POST /api/schedules by ${session.user.id}`,
      body,
      async () =>
        json(
          scheduleSchema,
          await createSchedule(store.db, { actor: { id: session.user.id, email: session.user.email }, ip }, body),
          { status: 201 },
        ),
      { store: idempotencyStore(store) },
    ),
);

import { defineRoute, json } from "@/lib/api/route";
import { schedulePathSchema, updateScheduleInputSchema } from "@/lib/schedules/inputs";
import { scheduleSchema } from "@/lib/schedules/schemas";
import { deleteSchedule, getSchedule, updateSchedule } from "@/lib/schedules/server/schedules";

// GET /api/schedules/[scheduleId] – one schedule, with its next five due times and its latest run
export const GET = defineRoute(
  { permission: { schedule: ["list"] }, params: schedulePathSchema },
  async ({ store, params }) => json(scheduleSchema, await getSchedule(store.db, params.scheduleId)),
);

// PATCH /api/schedules/[scheduleId] – change a schedule, pause or resume it (operators and admins; audited)
export const PATCH = defineRoute(
  { permission: { schedule: ["manage"] }, params: schedulePathSchema, body: updateScheduleInputSchema },
  async ({ store, session, ip, params, body }) =>
    json(
      scheduleSchema,
      await updateSchedule(
        store.db,
        { actor: { id: session.user.id, email: session.user.email }, ip },
        params.scheduleId,
        body,
      ),
    ),
);

// DELETE /api/schedules/[scheduleId] – delete a schedule; the backups it made stay (operators and admins; audited)
export const DELETE = defineRoute(
  { permission: { schedule: ["manage"] }, params: schedulePathSchema },
  async ({ store, session, ip, params }) => {
    await deleteSchedule(
      store.db,
      { actor: { id: session.user.id, email: session.user.email }, ip },
      params.scheduleId,
    );
    return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  },
);

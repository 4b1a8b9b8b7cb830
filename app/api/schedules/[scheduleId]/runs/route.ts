import { defineRoute, json } from "@/lib/api/route";
import { schedulePathSchema } from "@/lib/schedules/inputs";
import { scheduleRunListSchema } from "@/lib/schedules/schemas";
import { getSchedule, runsOf } from "@/lib/schedules/server/schedules";

// GET /api/schedules/[scheduleId]/runs – the schedule's latest 20 runs, newest first, with each server's outcome
export const GET = defineRoute(
  { permission: { schedule: ["list"] }, params: schedulePathSchema },
  async ({ store, params }) => {
    // A schedule that does not exist is a 404, not an empty history.
    await getSchedule(store.db, params.scheduleId);
    return json(scheduleRunListSchema, {
      runs: (await runsOf(store.db, [params.scheduleId])).get(params.scheduleId) ?? [],
    });
  },
);

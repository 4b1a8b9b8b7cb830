import { defineRoute, json } from "@/lib/api/route";
import { previewScheduleInputSchema } from "@/lib/schedules/inputs";
import { schedulePreviewSchema } from "@/lib/schedules/schemas";
import { previewSchedule } from "@/lib/schedules/server/preview";

// POST /api/schedules/preview – a schedule as the form holds it (saved or not): its next five due times and what its next run would keep and delete on each server; changes nothing
export const POST = defineRoute(
  { permission: { schedule: ["list"] }, body: previewScheduleInputSchema },
  async ({ store, body }) => json(schedulePreviewSchema, await previewSchedule(store.db, body)),
);

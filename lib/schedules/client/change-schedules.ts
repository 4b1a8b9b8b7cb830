import { useMutation, useQueryClient } from "@tanstack/react-query";
import { fetchJson, fetchNoContent } from "@/lib/http/client/fetch-json";
import { scheduleKeys } from "@/lib/schedules/client/query-keys";
import type { CreateScheduleInput, UpdateScheduleInput } from "@/lib/schedules/inputs";
import { scheduleSchema, type Schedule } from "@/lib/schedules/schemas";

// POST /api/schedules (once per Idempotency-Key), PATCH and DELETE /api/schedules/{id}: operators and
// admins. Each invalidates every schedule query: the list, the runs and the previews.

export interface CreateScheduleRequest {
  input: CreateScheduleInput;
  /** The same key for every attempt at one submission: the route creates at most one schedule per key. */
  idempotencyKey: string;
}

export function sendCreateSchedule({ input, idempotencyKey }: CreateScheduleRequest): Promise<Schedule> {
  return fetchJson("/api/schedules", scheduleSchema, {
    method: "POST",
    body: input,
    headers: { "Idempotency-Key": idempotencyKey },
  });
}

export function sendUpdateSchedule({ id, change }: { id: number; change: UpdateScheduleInput }): Promise<Schedule> {
  return fetchJson(`/api/schedules/${id}`, scheduleSchema, { method: "PATCH", body: change });
}

export function sendDeleteSchedule(id: number): Promise<void> {
  return fetchNoContent(`/api/schedules/${id}`, { method: "DELETE" });
}

function useScheduleMutation<I, O>(mutationFn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: scheduleKeys.all }),
  });
}

export const useCreateSchedule = () => useScheduleMutation(sendCreateSchedule);
export const useUpdateSchedule = () => useScheduleMutation(sendUpdateSchedule);
export const useDeleteSchedule = () => useScheduleMutation(sendDeleteSchedule);

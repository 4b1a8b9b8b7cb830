import * as z from "zod";
import { idNumberSchema, idParamSchema } from "@/lib/http/ids";

// What the server routes accept: the one definition of each request shape (full zod, server-side
// parsing; the browser imports types only).

export const restoreInputSchema = z.strictObject({ backup_id: idNumberSchema("backup_id") });

export const restorePathSchema = z.strictObject({ serverId: idParamSchema("serverId") });

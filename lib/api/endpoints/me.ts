// /api/v1/me: who the token acts as.
import "server-only";
import { endpoint } from "../endpoint";
import { meSchema } from "../schemas/me";

export const meEndpoint = endpoint(
  {
    method: "get",
    path: "/me",
    tag: "Account",
    summary: "The token's user",
    description: "The user the token acts as: their role and survey access apply to every call.",
    response: { status: 200, description: "The user.", schema: meSchema },
  },
  async ({ actor }) => ({ id: actor.id, name: actor.name, email: actor.email, role: actor.role }),
);

// The load generator, in its own process: autocannon posting signed inbound webhooks.
// Prints one JSON line with the result.
import fs from "node:fs";
import autocannon from "autocannon";
import { signWebhook } from "@/lib/vonage/webhook-signature";
import { mixedInbound, type InboundMix } from "./inbound-mix";

type Config = { url: string; secret: string; connections: number; durationSeconds: number; mix: InboundMix };

const config = JSON.parse(fs.readFileSync(process.argv[2]!, "utf8")) as Config;
let i = 0;

const instance = autocannon(
  {
    url: config.url,
    connections: config.connections,
    duration: config.durationSeconds,
    requests: [
      {
        method: "POST",
        path: "/api/vonage/inbound",
        setupRequest: (request) => {
          const body = JSON.stringify(mixedInbound(i++, config.mix));
          return {
            ...request,
            body,
            headers: { "content-type": "application/json", authorization: `Bearer ${signWebhook(body, config.secret)}` },
          };
        },
      },
    ],
  },
  (error, result) => {
    if (error) {
      console.error(error);
      process.exit(1);
    }
    console.log(
      JSON.stringify({
        sent: i,
        ok: result["2xx"],
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        seconds: result.duration,
        perSecond: result["2xx"] / result.duration,
        p50: result.latency.p50,
        p99: result.latency.p99,
        max: result.latency.max,
      }),
    );
  },
);
process.on("SIGINT", () => instance.stop());

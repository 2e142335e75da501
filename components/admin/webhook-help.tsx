// "Verifying a delivery": the recipe receivers follow (the README has the same).
const RECIPE = `import { createHmac, timingSafeEqual } from "node:crypto";

// rawBody: the request body exactly as received (a string, before JSON.parse)
function verify(secret, rawBody, signatureHeader) {
  const { t, v1 } = Object.fromEntries(signatureHeader.split(",").map((p) => p.split("=")));
  const expected = createHmac("sha256", secret).update(\`\${t}.\${rawBody}\`).digest("hex");
  const fresh = Math.abs(Date.now() / 1000 - Number(t)) < 300; // refuse old replays
  return fresh && v1?.length === expected.length && timingSafeEqual(Buffer.from(v1), Buffer.from(expected));
}`;

export function VerifyingDeliveries() {
  return (
    <section aria-label="Verifying a delivery" className="space-y-3 rounded-lg bg-white p-5 text-sm text-slate-700 shadow-sm ring-1 ring-slate-200">
      <h2 className="text-sm font-semibold text-slate-900">Verifying a delivery</h2>
      <p>
        Each event is a POST of JSON <code className="font-mono">{"{ id, type, createdAt, data }"}</code> with two headers:{" "}
        <code className="font-mono">Caseline-Event-Id</code> (the same on every retry: use it to ignore repeats) and{" "}
        <code className="font-mono">Caseline-Signature: t=…,v1=…</code>, where <code className="font-mono">v1</code> is the hex HMAC-SHA256 of{" "}
        <code className="font-mono">&lt;t&gt;.&lt;raw body&gt;</code> keyed with the endpoint&apos;s signing secret.
      </p>
      <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100">{RECIPE}</pre>
      <p>
        Answer with any 2xx within 10 seconds. Anything else is tried again with growing pauses for 24 hours; an endpoint whose
        deliveries all fail for 24 hours is turned off. Events can arrive more than once and in any order — even for one case —
        so order them by <code className="font-mono">createdAt</code> if it matters.
      </p>
    </section>
  );
}

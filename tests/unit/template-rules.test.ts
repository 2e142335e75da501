import { describe, expect, it } from "vitest";
import {
  bodyParameters,
  checkTemplate,
  fillTemplate,
  MAX_PARAMETER_LENGTH,
  MAX_TEMPLATE_BODY,
  nameProblem,
  normaliseLocale,
  parameterProblem,
  previewParts,
  renderTemplate,
} from "@/lib/templates/rules";

describe("template names", () => {
  it.each(["appointment_reminder", "order_update_2", "a", "2fa_code"])("accepts %s", (name) => {
    expect(nameProblem(name)).toBeNull();
  });
  it.each(["Appointment_reminder", "appointment reminder", "appointment-reminder", "café", "", "x".repeat(513)])("refuses %j", (name) => {
    expect(nameProblem(name)).toMatch(/./);
  });
});

describe("language codes", () => {
  it.each([
    ["en", "en"],
    ["en_GB", "en_GB"],
    ["pt_BR", "pt_BR"],
    ["fil", "fil"],
    ["EN-gb", "en_GB"],
    [" es_mx ", "es_MX"],
  ])("%j → %j", (input, code) => {
    expect(normaliseLocale(input)).toBe(code);
  });
  it.each(["english", "e", "en_GBR", "en_", "en__GB", "en-GB-x", "12", ""])("refuses %j", (input) => {
    expect(normaliseLocale(input)).toBeNull();
  });
});

describe("a body's parameters", () => {
  it("counts {{1}} … {{n}}, a parameter used twice counting once", () => {
    expect(bodyParameters("Hello")).toEqual({ ok: true, count: 0 });
    expect(bodyParameters("Hi {{1}}, your appointment is on {{2}} at {{3}}.")).toEqual({ ok: true, count: 3 });
    expect(bodyParameters("{{2}} then {{1}}, {{1}} again")).toEqual({ ok: true, count: 2 });
    expect(bodyParameters("Braces { alone } are text")).toEqual({ ok: true, count: 0 });
  });

  it("refuses gaps, naming the missing one", () => {
    const result = bodyParameters("Hi {{1}}, see you {{3}}");
    expect(result).toEqual({ ok: false, error: expect.stringContaining("{{2}} is missing") });
  });

  it.each(["Hi {{name}}", "Hi {{ 1 }}", "Hi {{1}", "Hi {{0}}", "Hi {{01}}", "Hi 1}}", "Hi {{1000}}"])("refuses what is not a parameter: %j", (body) => {
    expect(bodyParameters(body)).toMatchObject({ ok: false, error: expect.stringContaining("is not a parameter") });
  });
});

describe("checkTemplate", () => {
  it("trims, normalises the code and counts the parameters", () => {
    expect(checkTemplate({ name: " appointment_reminder ", locale: "en-gb", body: "  Hi {{1}}, see you {{2}}.\n" })).toEqual({
      ok: true,
      name: "appointment_reminder",
      locale: "en_GB",
      body: "Hi {{1}}, see you {{2}}.",
      parameterCount: 2,
    });
  });

  it("names every field that is wrong", () => {
    const result = checkTemplate({ name: "Bad Name", locale: "english", body: "Hi {{2}}" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors).sort()).toEqual(["body", "locale", "name"]);
  });

  it("refuses an empty or too long body", () => {
    expect(checkTemplate({ name: "a", locale: "en", body: "  " })).toMatchObject({ ok: false, fieldErrors: { body: expect.any(String) } });
    expect(checkTemplate({ name: "a", locale: "en", body: "x".repeat(MAX_TEMPLATE_BODY + 1) })).toMatchObject({
      ok: false,
      fieldErrors: { body: expect.stringContaining(String(MAX_TEMPLATE_BODY)) },
    });
  });
});

describe("parameters as WhatsApp takes them", () => {
  it("trims, and requires something", () => {
    expect(parameterProblem("  Sam  ", 1)).toBeNull();
    expect(parameterProblem("   ", 2)).toBe("Fill in {{2}}.");
    expect(parameterProblem("", 1)).toBe("Fill in {{1}}.");
  });
  it("refuses line breaks, tabs and more than four spaces in a row", () => {
    expect(parameterProblem("Line one\nline two", 1)).toMatch(/line breaks/);
    expect(parameterProblem("a\tb", 1)).toMatch(/tabs/);
    expect(parameterProblem("a\r\nb", 1)).toMatch(/line breaks/);
    expect(parameterProblem("a    b", 1)).toBeNull(); // four are allowed
    expect(parameterProblem("a     b", 1)).toMatch(/four spaces/);
    // A trailing newline from a paste is trimmed, not refused.
    expect(parameterProblem("Tuesday\n", 1)).toBeNull();
  });
  it("bounds the length", () => {
    expect(parameterProblem("x".repeat(MAX_PARAMETER_LENGTH), 1)).toBeNull();
    expect(parameterProblem("x".repeat(MAX_PARAMETER_LENGTH + 1), 1)).toMatch(/at most/);
  });
});

describe("fillTemplate and renderTemplate", () => {
  const body = "Hi {{1}}, your appointment is on {{2}}. Reply to change it, {{1}}.";

  it("fills every occurrence with the trimmed values", () => {
    expect(fillTemplate(body, [" Sam ", "Tuesday 10:00"])).toEqual({
      ok: true,
      parameters: ["Sam", "Tuesday 10:00"],
      text: "Hi Sam, your appointment is on Tuesday 10:00. Reply to change it, Sam.",
    });
  });

  it("takes no parameters for a body without any", () => {
    expect(fillTemplate("Your order shipped.", [])).toEqual({ ok: true, parameters: [], text: "Your order shipped." });
    expect(fillTemplate("Your order shipped.", ["extra"])).toMatchObject({ ok: false, error: expect.stringContaining("takes no parameters") });
  });

  it("says which parameter is missing or refused, each in its place", () => {
    const result = fillTemplate(body, ["Sam"]);
    expect(result).toMatchObject({ ok: false, error: "Fill in {{2}}.", parameters: [null, "Fill in {{2}}."] });
    const both = fillTemplate(body, ["", "a\nb"]);
    expect(both).toMatchObject({ ok: false, error: expect.stringContaining("2 parameters need attention") });
  });

  it("refuses more values than the body takes", () => {
    expect(fillTemplate(body, ["Sam", "Tuesday", "extra"])).toMatchObject({ ok: false, error: expect.stringContaining("takes 2 parameters") });
  });

  it("refuses a result longer than a WhatsApp message", () => {
    const wide = "{{1}}{{2}}{{3}}{{4}}{{5}}";
    const long = "x".repeat(MAX_PARAMETER_LENGTH);
    expect(fillTemplate(wide, [long, long, long, long, long])).toMatchObject({ ok: false, error: expect.stringContaining("4096") });
  });

  it("renders what it can, leaving unfilled parameters as written", () => {
    expect(renderTemplate(body, ["Sam"])).toBe("Hi Sam, your appointment is on {{2}}. Reply to change it, Sam.");
  });

  it("cuts the body at its parameters for the preview", () => {
    expect(previewParts("Hi {{1}}, on {{2}}", ["Sam", " "])).toEqual([
      { text: "Hi " },
      { parameter: 1, value: "Sam" },
      { text: ", on " },
      { parameter: 2, value: null },
    ]);
  });
});

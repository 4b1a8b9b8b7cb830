import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { apiErrorStatus, type ApiErrorCode } from "@/lib/http/api-error";
import { errorText } from "@/lib/http/client/error-text";
import { ApiRequestError } from "@/lib/http/client/fetch-json";
import en from "@/messages/en.json";
import vi from "@/messages/vi.json";

const english = createTranslator({ locale: "en", messages: en, namespace: "Errors" });
const vietnamese = createTranslator({ locale: "vi", messages: vi, namespace: "Errors" });

const refused = new ApiRequestError("provider_refused", 409, "Maximum of 10 manual backups per server reached.");

describe("errorText", () => {
  it("shows the dashboard's own message on an English page, as before", () => {
    expect(errorText(refused, "en", english, en.Errors)).toEqual({
      text: "Maximum of 10 manual backups per server reached.",
      detail: null,
    });
    const offline = new ApiRequestError(
      "network",
      0,
      "The dashboard could not be reached. Check your connection and try again.",
    );
    expect(errorText(offline, "en", english, en.Errors)).toEqual({ text: offline.message, detail: null });
    expect(errorText(new Error("boom"), "en", english, en.Errors)).toEqual({ text: "boom", detail: null });
    expect(errorText(new ApiRequestError("forbidden", 403, ""), "en", english, en.Errors).text).toBe(
      "Your role does not allow this.",
    );
  });

  it("shows the code's text in Vietnamese, with the server's words as a detail", () => {
    expect(errorText(refused, "vi", vietnamese, vi.Errors)).toEqual({
      text: "VPS.org từ chối yêu cầu.",
      detail: "Maximum of 10 manual backups per server reached.",
    });
  });

  it("adds no English detail to the client's own codes, only the HTTP status when there was one", () => {
    expect(
      errorText(new ApiRequestError("network", 0, "The dashboard could not be reached."), "vi", vietnamese, vi.Errors),
    ).toEqual({
      text: "Không kết nối được tới bảng điều khiển. Hãy kiểm tra kết nối rồi thử lại.",
      detail: null,
    });
    expect(
      errorText(
        new ApiRequestError("unexpected_response", 502, "The dashboard answered 502."),
        "vi",
        vietnamese,
        vi.Errors,
      ),
    ).toEqual({
      text: "Bảng điều khiển gửi về một phản hồi mà trang không đọc được. Hãy tải lại trang rồi thử lại.",
      detail: "Mã trạng thái HTTP 502",
    });
    expect(
      errorText(new ApiRequestError("unexpected_response", 200, "Not JSON."), "vi", vietnamese, vi.Errors).detail,
    ).toBe("Mã trạng thái HTTP 200");
  });

  it("words an error without a known code as unknown, keeping its message as the detail", () => {
    expect(errorText(new Error("boom"), "vi", vietnamese, vi.Errors)).toEqual({
      text: "Đã xảy ra lỗi. Hãy thử lại.",
      detail: "boom",
    });
    expect(errorText({ message: "odd", code: "teapot" }, "vi", vietnamese, vi.Errors)).toEqual({
      text: "Đã xảy ra lỗi. Hãy thử lại.",
      detail: "odd",
    });
  });

  it("takes a code for known only when it has a message of its own: not the namespace's other keys, nor an object's", () => {
    for (const code of ["unknown", "statusDetail", "constructor", "toString", "__proto__", "hasOwnProperty"])
      expect(errorText({ message: "odd", code }, "vi", vietnamese, vi.Errors), code).toEqual({
        text: "Đã xảy ra lỗi. Hãy thử lại.",
        detail: "odd",
      });
  });

  it("has a text of its own, in both languages, for every code", () => {
    const codes = [...(Object.keys(apiErrorStatus) as ApiErrorCode[]), "network", "unexpected_response"] as const;
    for (const code of codes) {
      const inVietnamese = errorText(new ApiRequestError(code, 0, "server words"), "vi", vietnamese, vi.Errors).text;
      expect(inVietnamese, code).not.toBe(english(code));
      expect(inVietnamese.length, code).toBeGreaterThan(0);
      expect(english(code).length, code).toBeGreaterThan(0);
    }
    expect(new Set(codes.map((code) => vietnamese(code))).size).toBe(codes.length);
  });
});

/** The browser side of /api/imports: the envelope's data, or its localized error message. */
export interface ApiResult<T> {
  ok: boolean;
  data?: T;
  message?: string;
}

export async function callApi<T>(path: string, init: RequestInit = {}): Promise<ApiResult<T>> {
  try {
    const res = await fetch(path, { ...init, headers: { accept: "application/json", ...(init.headers ?? {}) } });
    const body = (await res.json()) as { success: boolean; data?: T; error?: { message: string } };
    return body.success ? { ok: true, data: body.data } : { ok: false, message: body.error?.message };
  } catch {
    return { ok: false };
  }
}

export const jsonInit = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

/** A tiny REST client for test setup: JSON in and out, bearer token, errors with the server's message. */
export class Rest {
  constructor(
    readonly baseUrl: string,
    private token: string | null = null,
  ) {}

  static async login(baseUrl: string, email: string, senha: string): Promise<Rest> {
    const rest = new Rest(baseUrl);
    const session = await rest.post<{ accessToken: string }>('/api/auth/login', { email, senha });
    rest.token = session.accessToken;
    return rest;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body ?? {});
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }
}

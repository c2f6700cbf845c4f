import type { SandboxContext } from '../context.js';
import type { JsonObject, TokenKind } from '../types.js';

export interface MethodCall {
  args: JsonObject;
  tokenKind: TokenKind;
  sandbox: SandboxContext;
}

/** A Web API method: which token types it takes and what it does (throw SlackApiError for ok:false). */
export interface MethodSpec {
  tokens: readonly TokenKind[];
  handle: (call: MethodCall) => JsonObject | Promise<JsonObject>;
}

export const BOT = ['bot'] as const;
export const APP = ['app'] as const;

// Type declarations of freshet.js, the Freshet browser client.

/** `unknown`: the provider does not know the symbol (outside its symbol universe, or it answered not found lately); nothing is queued for it.
 * `disabled`: the data type is off or paused in its rollout; the rows stored, if any, can still be read. */
export type FreshnessState = 'fresh' | 'stale' | 'missing' | 'unknown' | 'disabled';
/** deferred: the caller has caused its fair share of provider calls for now; nothing was queued and the
 * pair is not recorded as viewed, so the next heartbeat subscribes it again */
export type RefreshState = 'none' | 'queued' | 'running' | 'deferred';

/** What the tracker says about one (symbol, data type). */
export interface PairStatus {
  symbol: string;
  dataType: string;
  state: FreshnessState;
  /** newest timestamp of the cached rows (ISO-8601); absent when missing */
  updatedAt?: string;
  /** presence was recorded (false when presence tracking is off for the data type, and when the refresh is deferred) */
  tracked?: boolean;
  /** while a refresh is queued or running, keep showing the cached value and re-read it on the refreshed event */
  refresh?: RefreshState;
  /** this request put a refresh on the queue */
  queued?: boolean;
  /** with state `unknown` because the provider answered not found: nothing is queued for the pair until then (ISO-8601) */
  notFoundUntil?: string;
}

/** A refresh committed for a watched pair: re-read it. */
export interface RefreshedEvent {
  symbol: string;
  dataType: string;
  updatedAt?: string;
}

/** One page of cached rows, newest first. */
export interface DataPage<Row = Record<string, unknown>> {
  dataType: string;
  symbol: string;
  state: FreshnessState;
  updatedAt?: string;
  /** more (older) rows follow: pass nextCursor as cursor to read them */
  truncated: boolean;
  nextCursor?: string;
  rows: Row[];
}

/** A problem the tracker answered (application/problem+json), or a network failure (status 0). */
export class FreshetProblem extends Error {
  constructor(problem?: Partial<Pick<FreshetProblem, 'status' | 'type' | 'title' | 'detail' | 'errors' | 'retryAfter'>>);
  readonly name: 'FreshetProblem';
  /** HTTP status; 0 when the tracker could not be reached */
  status: number;
  type: string;
  title: string;
  detail?: string;
  errors: string[];
  /** seconds to wait, from Retry-After (429) */
  retryAfter?: number;
}

export interface FreshetOptions {
  /** the tracker's URL; '' or absent = the page's origin */
  baseUrl?: string;
  /** the id presence is recorded under; client tokens must be issued for it. Random when absent. */
  clientId?: string;
  /** returns a fresh client token (called before each request); absent when the tracker needs none */
  token?: () => string | null | undefined | Promise<string | null | undefined>;
  /** send no heartbeats while the page is hidden (the presence then lapses until it is shown again) */
  pauseWhenHidden?: boolean;
  /** symbols per event stream (the tracker's limits.max-event-symbols, 100 by default) */
  maxSymbolsPerStream?: number;
  /** delays between attempts to reopen a refused event stream, doubling from initialMs up to maxMs */
  backoff?: { initialMs?: number; maxMs?: number };
  /** for tests or other runtimes */
  fetch?: typeof fetch;
  EventSource?: typeof EventSource;
}

export interface Freshet {
  readonly clientId: string;
  /** Subscribes (watches of the same tick go out in one batch call) and answers the pairs' states. */
  watch(target: { symbol: string; dataTypes: string[] }): Promise<PairStatus[]>;
  /** Ends the presence of one symbol (all its data types). */
  unwatch(target: string | { symbol: string }): Promise<void>;
  onRefreshed(callback: (event: RefreshedEvent) => void): () => void;
  onState(callback: (status: PairStatus) => void): () => void;
  /** Missed refreshes could not be replayed; the client re-reads the states itself. */
  onReset(callback: (info: { reason: string }) => void): () => void;
  onError(callback: (problem: FreshetProblem) => void): () => void;
  /** The last known status of a watched pair. */
  state(symbol: string, dataType: string): PairStatus | undefined;
  /** Reads the cached rows (newest first), one page at a time. */
  read<Row = Record<string, unknown>>(dataType: string, symbol: string, options?: { cursor?: string }): Promise<DataPage<Row>>;
  /** Unwatches everything and closes the event streams. */
  close(): Promise<void>;
}

export function createFreshet(options?: FreshetOptions): Freshet;

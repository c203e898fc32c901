// Compiled by `npm run check` (tsc --noEmit): the declarations must describe how the client is used.
import { createFreshet, FreshetProblem, type DataPage, type PairStatus } from './freshet.js';

const freshet = createFreshet({ baseUrl: 'https://tracker.example', clientId: 'web-1', token: async () => 'token' });
const states: Promise<PairStatus[]> = freshet.watch({ symbol: 'AAPL', dataTypes: ['quote', 'profile'] });
const off: () => void = freshet.onRefreshed(e => console.log(e.symbol, e.dataType, e.updatedAt));
off();
freshet.onError(p => console.log(p.status, p.detail, p.errors.length));
const s: PairStatus | undefined = freshet.state('AAPL', 'quote');
const page: Promise<DataPage<{ ts_utc: string; close: number }>> = freshet.read('bars-5m', 'AAPL', { cursor: undefined });
void states; void s; void page;
states.catch((e: unknown) => { if (e instanceof FreshetProblem && e.status === 429) console.log(e.retryAfter); });
void freshet.unwatch('AAPL');
void freshet.close();

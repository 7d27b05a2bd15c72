/*
 * Compile-time checks of the typed client (`npm run typecheck` fails when one breaks); never run
 * nor bundled. Each @ts-expect-error line is a call the contract must refuse.
 */
import { api, download, upload } from './client';

export async function typedClientChecks(file: File) {
  const detail = await api.get('/registry/organizations/:id', { params: { id: 'x' } });
  const name: string = detail.organization.name;
  // History ids are numbers on the wire (the hand-written types once said strings).
  const historyId: number = detail.filings[0].history[0].id;

  // @ts-expect-error a route with a :param needs its params
  await api.get('/registry/organizations/:id');
  // @ts-expect-error no such route in the contract
  await api.get('/registry/organisations');
  // @ts-expect-error a query key the route does not take
  await api.get('/registry/organizations', { query: { regon: '1' } });
  // @ts-expect-error the body's fields are the contract's
  await api.post('/auth/login', { body: { user: 'a', password: 'b' } });
  // @ts-expect-error a download is not JSON: it goes through download()
  await api.get('/registry/filings/export');
  // @ts-expect-error an upload takes a file: it goes through upload()
  await api.post('/files', { query: { regionCode: '1' } });

  await download('/registry/organizations/:id/members/export', { params: { id: 'x' } });
  const uploaded = await upload('/files', file);
  const size: number = uploaded.sizeBytes;
  return { name, historyId, size };
}

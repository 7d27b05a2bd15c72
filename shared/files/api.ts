import { defineRoutes, fileResponse, MULTIPART, ZIdParams } from '../contract.js';
import { ZStoredFile } from './schemas.js';

export const filesRoutes = defineRoutes({
  // The upload is pending, its uploader's alone, until a step of a record names it in `attachmentIds`
  // (unattached uploads are removed after a day).
  'POST /files': { consumes: MULTIPART, response: { 200: ZStoredFile } },
  // The stored bytes with their own media type; the OpenAPI document names them generically.
  'GET /files/:id': { params: ZIdParams, response: fileResponse('application/octet-stream', 'The file as uploaded.') },
});

type FilesRoutesType = typeof filesRoutes;

declare module '../contract.js' {
  interface Api extends FilesRoutesType {}
}

/**
 * Accepted attachment types (media type → file name endings): documents, spreadsheets and photos a
 * centre deals in. The server also sniffs the leading bytes (server/src/core/file-store.ts); the
 * web app offers only these in its file picker.
 */
export const ALLOWED_MIME_TYPES: Record<string, string[]> = {
  'application/pdf': ['.pdf'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['.docx'],
  'text/plain': ['.txt'],
};

/** The most files one workflow step takes (the API's `attachmentIds` cap). */
export const MAX_ATTACHMENTS = 20;

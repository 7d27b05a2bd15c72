import { defineFeature, lazyNamed } from '../../app/feature';

/** Printable documents with a verification code (core documents): the sheets to print and the public check. */
export const feature = defineFeature({
  name: 'documents',
  routes: [
    // Public: what a printed QR code opens, for anyone, signed in or not.
    { path: '/verify/:code?', layout: 'public', element: lazyNamed(() => import('./VerifyPage'), 'VerifyPage') },
    // Signed in, but outside the app layout: the page is the sheet that gets printed.
    {
      path: '/print/filing-certificate/:id',
      layout: 'bare',
      permission: 'registry.read',
      element: lazyNamed(() => import('./FilingCertificatePrintPage'), 'FilingCertificatePrintPage'),
    },
  ],
  queryKeys: { all: ['documents'] },
});

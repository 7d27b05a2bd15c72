import { defineFeature } from '../../app/feature';
import { LoginPage } from './LoginPage';

/** Signing in. The session itself (who is signed in, what they may do) is app/auth.tsx, used by every feature. */
export const feature = defineFeature({
  name: 'auth',
  // In the first bundle: it is the first page most visits see.
  routes: [{ path: '/login', layout: 'public', element: LoginPage }],
});

/**
 * @tdss/identity-dev: authentication of DSP requests for development and tests. Choose it in a
 * profile on purpose; production profiles use the identity hub (DCP).
 */
import { definePlugin, DspIdentityService } from '@tdss/sdk';
import { createDevIdentityService } from './create-dev-identity-service.ts';
import { IdentityDevSettings } from './settings.ts';

export default definePlugin({
  name: '@tdss/identity-dev',
  version: '0.1.0',
  description: 'DSP request authentication with shared-secret tokens, for development and tests only.',
  settings: IdentityDevSettings,
  provides: [DspIdentityService],
  register(ctx) {
    ctx.provide(DspIdentityService, createDevIdentityService(ctx.settings));
    ctx.logger.warn('DSP requests are authenticated with a shared secret: development and tests only');
  },
});

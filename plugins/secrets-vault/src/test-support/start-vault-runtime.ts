/** A runtime with this plugin against the Vault under test, its log lines captured. Not part of the build. */
import { type AnyPlugin, SecretStore } from '@tdss/sdk';
import { createLogCapture, startTestRuntime } from '@tdss/testing';
import type { Test } from 'tap';
import secretsVault from '../index.ts';
import type { SecretsVaultSettings } from '../settings.ts';
import type { VaultUnderTest } from './vault-under-test.ts';

export interface VaultRuntimeOptions {
  settings?: Partial<SecretsVaultSettings>;
  /** Plugins started with it, e.g. store-sql, http and the identity hub. */
  plugins?: ReadonlyArray<{ plugin: AnyPlugin; settings?: Record<string, unknown> }>;
}

export async function startVaultRuntime(t: Test, vault: VaultUnderTest, options: VaultRuntimeOptions = {}) {
  const logs = createLogCapture();
  const runtime = await startTestRuntime(t, {
    logLevel: 'debug',
    logDestination: logs,
    plugins: [{ plugin: secretsVault, settings: { ...vault.settings, ...options.settings } }, ...(options.plugins ?? [])],
  });
  return { runtime, logs, store: runtime.get(SecretStore) };
}

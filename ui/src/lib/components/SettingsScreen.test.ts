import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import { AppState } from '../state/app.svelte';
import SettingsScreen from './SettingsScreen.svelte';

const checks = {
  resolver: '',
  rdap_domain_url: '',
  rdap_ip_url: '',
  bootstrap_url: '',
  wayback_url: '',
  crtsh_url: '',
  timeout_secs: 10,
  allow_private_addresses: false,
  guard_exempt: [],
};
const screening = {
  thresholds: { review: 0.8, strong: 0.92 },
  max_age_days: 30,
  retention_years: 10,
  urls: {},
};

function backend(keeping: { keychain_available: boolean; in_keychain: boolean; passphrase_set: boolean }) {
  const calls: [string, unknown][] = [];
  invoke.mockImplementation(async (cmd: string, args: unknown) => {
    calls.push([cmd, args]);
    if (cmd === 'checks_settings') return checks;
    if (cmd === 'screening_settings') return screening;
    if (cmd === 'list_status') return [];
    if (cmd === 'retention_years') return 10;
    if (cmd === 'key_keeping') return keeping;
    if (cmd === 'set_key_keeping') return { ...keeping, in_keychain: (args as { keep: boolean }).keep };
    throw { code: 'internal', message: `unexpected ${cmd}`, fields: [] };
  });
  return calls;
}

beforeEach(() => {
  invoke.mockReset();
});

describe('SettingsScreen: unlocking at start', () => {
  it('says when no keychain answers, and offers nothing it cannot do', async () => {
    backend({ keychain_available: false, in_keychain: false, passphrase_set: true });
    render(SettingsScreen, { app: new AppState(), onSigning: vi.fn() });
    const state = await screen.findByTestId('keychain-state');
    expect(state.textContent).toContain('No keychain answers');
    expect(screen.getByTestId('key-keeping').querySelectorAll('button')).toHaveLength(0);
  });

  it('removes the key from the keychain only when a passphrase opens the folder', async () => {
    backend({ keychain_available: true, in_keychain: true, passphrase_set: false });
    const { unmount } = render(SettingsScreen, { app: new AppState(), onSigning: vi.fn() });
    const button = (await screen.findByText('Ask for the passphrase at every start')) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(screen.getByTestId('key-keeping').textContent).toContain('Set a passphrase first');
    unmount();

    const calls = backend({ keychain_available: true, in_keychain: true, passphrase_set: true });
    render(SettingsScreen, { app: new AppState(), onSigning: vi.fn() });
    const ask = (await screen.findByText('Ask for the passphrase at every start')) as HTMLButtonElement;
    expect(ask.disabled).toBe(false);
    await fireEvent.click(ask);
    await waitFor(() =>
      expect(screen.getByTestId('keychain-state').textContent).toContain('asked at every start'),
    );
    expect(calls).toContainEqual(['set_key_keeping', { keep: false }]);
  });
});

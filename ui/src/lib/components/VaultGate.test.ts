import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import type { VaultStatus } from '../api';
import { AppState } from '../state/app.svelte';
import VaultGate from './VaultGate.svelte';

function status(overrides: Partial<VaultStatus> = {}): VaultStatus {
  return {
    state: 'not_set_up',
    existing_data: false,
    passphrase: false,
    keychain_available: false,
    min_passphrase_chars: 10,
    ...overrides,
  };
}

async function type(testId: string, value: string): Promise<void> {
  await fireEvent.input(screen.getByTestId(testId), { target: { value } });
}

beforeEach(() => {
  invoke.mockReset();
});

describe('VaultGate', () => {
  it('requires a passphrase without a keychain, and checks it before asking the backend', async () => {
    render(VaultGate, { app: new AppState(), status: status() });
    expect(screen.getByText(/no keychain/)).toBeTruthy();
    await type('vault-passphrase', 'short');
    await type('vault-confirm', 'short');
    await fireEvent.click(screen.getByTestId('vault-set-up'));
    expect(screen.getByTestId('vault-error').textContent).toContain('at least 10 characters');
    await type('vault-passphrase', 'long enough one');
    await type('vault-confirm', 'long enough two');
    await fireEvent.click(screen.getByTestId('vault-set-up'));
    expect(screen.getByTestId('vault-error').textContent).toContain('differ');
    expect(invoke).not.toHaveBeenCalled();
  });

  it('shows the recovery code once and continues only when it is written down', async () => {
    invoke.mockImplementation(async (cmd: string) => {
      if (cmd === 'set_up_vault') return { recovery_code: 'ABCD-EFGH', in_keychain: true };
      if (cmd === 'app_info') return { version: '0.1.0', data_dir: '/d', actor: 'A', schema_version: 4 };
      throw { code: 'internal', message: `unexpected ${cmd}`, fields: [] };
    });
    const app = new AppState();
    app.vault = status({ keychain_available: true });
    const { rerender } = render(VaultGate, { app, status: app.vault });
    expect(screen.getByText(/keychain will keep the key/)).toBeTruthy();
    await fireEvent.click(screen.getByTestId('vault-set-up'));
    expect(invoke).toHaveBeenCalledWith('set_up_vault', { passphrase: null });
    await waitFor(() => expect(app.recoveryCode).toBe('ABCD-EFGH'));
    await rerender({ app, status: app.vault });
    expect(screen.getByTestId('recovery-code').textContent).toBe('ABCD-EFGH');
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await fireEvent.click(screen.getByTestId('recovery-copy'));
    expect(writeText).toHaveBeenCalledWith('ABCD-EFGH');
    expect((await screen.findByRole('status')).textContent).toContain('Copied');
    const print = vi.spyOn(window, 'print').mockImplementation(() => {});
    await fireEvent.click(screen.getByTestId('recovery-print'));
    expect(print).toHaveBeenCalledOnce();
    const done = screen.getByTestId('recovery-done') as HTMLButtonElement;
    expect(done.disabled).toBe(true);
    await fireEvent.click(screen.getByTestId('recovery-written'));
    expect(done.disabled).toBe(false);
    await fireEvent.click(done);
    await waitFor(() => expect(app.info?.actor).toBe('A'));
    expect(app.recoveryCode).toBeNull();
    expect(app.vault).toBeNull();
  });

  it('unlocks with the passphrase and shows a refusal as text', async () => {
    invoke.mockRejectedValueOnce({
      code: 'invalid_input',
      message: 'the passphrase is wrong; try again, or use the recovery code',
      fields: [],
    });
    render(VaultGate, { app: new AppState(), status: status({ state: 'locked', passphrase: true }) });
    await type('vault-passphrase', '<img src=x onerror=alert(1)>');
    await fireEvent.click(screen.getByTestId('vault-unlock'));
    expect(invoke).toHaveBeenCalledWith('unlock_vault', {
      passphrase: '<img src=x onerror=alert(1)>',
      recoveryCode: null,
      newPassphrase: null,
      remember: false,
    });
    const error = await screen.findByTestId('vault-error');
    expect(error.textContent).toContain('passphrase is wrong');
  });

  it('with the recovery code, asks for a new passphrase where there is no keychain', async () => {
    invoke.mockResolvedValue(undefined);
    render(VaultGate, { app: new AppState(), status: status({ state: 'locked', passphrase: true }) });
    await fireEvent.click(screen.getByTestId('vault-use-recovery'));
    await type('vault-recovery', 'abcd-efgh');
    await fireEvent.click(screen.getByTestId('vault-unlock'));
    expect(screen.getByTestId('vault-error').textContent).toContain('at least 10 characters');
    await type('vault-passphrase', 'a new passphrase');
    await type('vault-confirm', 'a new passphrase');
    await fireEvent.click(screen.getByTestId('vault-unlock'));
    expect(invoke).toHaveBeenCalledWith('unlock_vault', {
      passphrase: null,
      recoveryCode: 'abcd-efgh',
      newPassphrase: 'a new passphrase',
      remember: false,
    });
  });

  it('keeps the key in the keychain after a passphrase only when asked', async () => {
    invoke.mockResolvedValue(undefined);
    const { unmount } = render(VaultGate, {
      app: new AppState(),
      status: status({ state: 'locked', passphrase: true }),
    });
    expect(screen.queryByTestId('vault-remember')).toBeNull();
    unmount();
    render(VaultGate, {
      app: new AppState(),
      status: status({ state: 'locked', passphrase: true, keychain_available: true }),
    });
    const box = screen.getByTestId('vault-remember') as HTMLInputElement;
    expect(box.checked).toBe(false);
    await type('vault-passphrase', 'the passphrase');
    await fireEvent.click(box);
    await fireEvent.click(screen.getByTestId('vault-unlock'));
    expect(invoke).toHaveBeenCalledWith('unlock_vault', {
      passphrase: 'the passphrase',
      recoveryCode: null,
      newPassphrase: null,
      remember: true,
    });
  });
});

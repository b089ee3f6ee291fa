import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import SigningScreen from './SigningScreen.svelte';

const unsigned = {
  configured: false,
  organisation: null,
  ca_sha256: null,
  ca_subject: null,
  imported: false,
  signer_valid_until: null,
  tsa_url: null,
  previous_cas: 0,
};

beforeEach(() => {
  invoke.mockReset();
});

describe('SigningScreen', () => {
  it('imports a certificate file with its password and names the authority that issued it', async () => {
    invoke.mockImplementation(async (cmd: string) => {
      if (cmd === 'signing_status') return unsigned;
      if (cmd === 'import_signing_certificate') {
        return {
          ...unsigned,
          configured: true,
          organisation: 'Acme Ltd',
          ca_sha256: 'ab'.repeat(32),
          ca_subject: 'O=Trust Services Ltd,CN=Trust Services Root',
          imported: true,
        };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(SigningScreen, { onBack: () => {} });
    const password = (await screen.findByLabelText("The file's password")) as HTMLInputElement;
    password.value = 'correct horse';
    await fireEvent.input(password);
    await fireEvent.click(screen.getByTestId('signing-import'));
    await waitFor(() => expect(screen.getByTestId('signing-imported').textContent).toContain('Trust Services Root'));
    expect(invoke).toHaveBeenCalledWith('import_signing_certificate', { password: 'correct horse', replace: false });
    expect(screen.getByTestId('signing-organisation').textContent).toBe('Acme Ltd');
  });

  it('shows why a file was refused and keeps the form', async () => {
    invoke.mockImplementation(async (cmd: string) => {
      if (cmd === 'signing_status') return unsigned;
      throw { code: 'invalid_input', message: 'the password is wrong, or the file is damaged', fields: [] };
    });
    render(SigningScreen, { onBack: () => {} });
    await fireEvent.click(await screen.findByTestId('signing-import'));
    await waitFor(() => expect(screen.getByTestId('signing-error').textContent).toContain('password is wrong'));
    expect(screen.getByTestId('signing-import')).toBeTruthy();
  });
});

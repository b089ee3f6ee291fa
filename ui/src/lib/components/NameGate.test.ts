import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import { AppState } from '../state/app.svelte';
import NameGate from './NameGate.svelte';

beforeEach(() => {
  invoke.mockReset();
});

describe('NameGate', () => {
  it('asks for a name before anything is recorded, and saves the one typed', async () => {
    const app = new AppState();
    app.info = { version: '0.1.0', data_dir: '/d', actor: null, schema_version: 4 };
    invoke.mockResolvedValue({ version: '0.1.0', data_dir: '/d', actor: 'Dana Lee', schema_version: 4 });
    render(NameGate, { app });

    await fireEvent.click(screen.getByTestId('name-continue'));
    expect(screen.getByTestId('name-error').textContent).toContain('Type your name');
    expect(invoke).not.toHaveBeenCalled();

    const input = screen.getByLabelText('Your name') as HTMLInputElement;
    input.value = '  Dana Lee ';
    await fireEvent.input(input);
    await fireEvent.click(screen.getByTestId('name-continue'));
    await waitFor(() => expect(app.info?.actor).toBe('Dana Lee'));
    expect(invoke).toHaveBeenCalledWith('set_user', { name: 'Dana Lee' });
  });
});

/**
 * How the CLI names a library option in a message (see ErrorText): the input folder `data` is
 * the DATA argument, every other option its flag (`humanLogonTypes` → `--human-logon-types`).
 */
export function flagName(option: string): string {
  if (option === 'data') return 'DATA';
  return `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

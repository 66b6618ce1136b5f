import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import { LocalNets, type SourceEvent, type SourceFormat } from '../sources/index.js';

/** The source-format flags of `analyze` and `ingest`, as commander parses them. */
export interface SourceFlags {
  authFormat?: SourceFormat;
  flowsFormat?: SourceFormat;
  hosts?: string;
  zeekBytes?: 'payload' | 'ip';
  windowsHostNames?: 'short' | 'verbatim';
  localNets?: string;
  quiet?: boolean;
}

const FORMATS: readonly SourceFormat[] = ['lanl', 'zeek', 'winlogon'];

function sourceFormat(flag: string): (value: string) => SourceFormat {
  return (value) => {
    const v = value.toLowerCase();
    if (!(FORMATS as readonly string[]).includes(v))
      throw new UsageError(`${flag} must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(value)}`);
    return v as SourceFormat;
  };
}

/** The flags that say how Zeek and Windows files are read: adds them to a command, and turns their values into options. */
export const sourceFlags = {
  add(command: Command): Command {
    return command
      .option(
        '--auth-format <FORMAT>',
        'lanl, winlogon (default: sniffed from each file)',
        sourceFormat('--auth-format'),
      )
      .option('--flows-format <FORMAT>', 'lanl, zeek (default: sniffed from each file)', sourceFormat('--flows-format'))
      .option('--hosts <FILE>', 'CSV address,host mapping Zeek/Windows addresses to one host name')
      .addOption(
        new Option('--zeek-bytes <KIND>', 'Zeek byte counts: payload (orig_bytes) or ip (orig_ip_bytes)').choices([
          'payload',
          'ip',
        ]),
      )
      .addOption(
        new Option('--windows-host-names <MODE>', 'Windows names: short (first DNS label) or verbatim').choices([
          'short',
          'verbatim',
        ]),
      )
      .option(
        '--local-nets <CIDRS>',
        'comma-separated local networks for Zeek rows without local_orig/local_resp (default RFC 1918, fc00::/7)',
        // Checked here so that a bad network is named by its flag; the library parses the text again.
        (value: string) => (LocalNets.parse(value, '--local-nets'), value),
      );
  },

  /** The library options; unless quiet, each file not read as plain LANL CSV is told on stderr with its format and why. */
  read(flags: SourceFlags) {
    return {
      formats: { auth: flags.authFormat, flows: flags.flowsFormat },
      hosts: flags.hosts,
      localNets: flags.localNets,
      zeekBytes: flags.zeekBytes,
      windowsHostNames: flags.windowsHostNames,
      onSource: flags.quiet
        ? undefined
        : (e: SourceEvent) =>
            process.stderr.write(
              `${e.kind} ${e.file}: ${e.format} (${e.reason === 'given' ? 'as given' : e.reason})\n`,
            ),
    };
  },
};

/**
 * packages/cli/README.md names the flags the `tapegrad` command really has, and every flag the command has.
 *
 * The README is read as code: the lines of its fenced blocks and its inline `code` spans. In such a piece,
 * the flags after `tapegrad COMMAND` (up to a shell comment, a pipe or the next command) belong to
 * COMMAND. A span that starts with a flag (`--epochs <count>`, `--gradients manual`) belongs to the
 * command whose section it is in (a heading that names `tapegrad COMMAND`); outside such a section it
 * must be a flag of some command. Each use is checked against the command's `--help`, and each flag in
 * that help must be named somewhere: `--help` itself, which commander gives every command, is named once.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, test } from 'vitest';
import { runTapegrad } from '../cli/tapegrad-process.ts';

const README_PATH = 'packages/cli/README.md';
const README = readFileSync(new URL(`../../${README_PATH}`, import.meta.url), 'utf8');

/** The program itself, as in `tapegrad --help`. */
const PROGRAM = '';

/** A flag as the README names it, with where. */
interface FlagUse {
  /** The command it is given to, or PROGRAM; undefined for a flag span outside any command's section. */
  readonly command: string | undefined;
  readonly flag: string;
  /** The value placeholder right after it, as in `--epochs <count>`, if the README shows one. */
  readonly placeholder?: string;
  readonly line: number;
}

/** What `tapegrad COMMAND --help` lists: each long flag and its value placeholder ('' for a switch). */
type HelpFlags = ReadonlyMap<string, string>;

/** A piece of code in the README: one line of a fenced block, or one inline span. */
interface CodePiece {
  readonly text: string;
  readonly line: number;
  readonly inline: boolean;
  /** The command whose section the piece is in. */
  readonly section: string | undefined;
}

const COMMAND_HEADING = /^(#{1,6})\s.*`tapegrad ([a-z][a-z-]*)`/;
const HEADING = /^(#{1,6})\s/;

/** The README's code, with the command section each piece is in. */
function codePieces(markdown: string): CodePiece[] {
  const pieces: CodePiece[] = [];
  let section: { command: string; level: number } | undefined;
  let fenced = false;
  markdown.split('\n').forEach((text, index) => {
    const line = index + 1;
    if (text.startsWith('```')) {
      fenced = !fenced;
      return;
    }
    if (fenced) {
      pieces.push({ text, line, inline: false, section: section?.command });
      return;
    }
    const heading = HEADING.exec(text);
    if (heading) {
      const level = heading[1]!.length;
      const named = COMMAND_HEADING.exec(text);
      if (named) section = { command: named[2]!, level };
      else if (section !== undefined && level <= section.level) section = undefined;
    }
    for (const span of text.matchAll(/`([^`]+)`/g)) {
      pieces.push({ text: span[1]!, line, inline: true, section: section?.command });
    }
  });
  return pieces;
}

/** `tapegrad` (or the bin, `tapegrad.js`) and what follows it: a command, or the program's own flags. */
const INVOCATION = /(?<![\w@-])tapegrad(?:\.js)?(?=\s)/g;
const FLAG = /(?<![\w-])(--[a-z][a-z0-9-]*)(?:[ =](<[^>]+>))?/g;

/** The flags in a stretch of text: up to a shell comment, a pipe or the next command, whichever is first. */
function flagsIn(text: string): { flag: string; placeholder?: string }[] {
  const end = text.search(/\s#|\||&&|;/);
  const stretch = end === -1 ? text : text.slice(0, end);
  return [...stretch.matchAll(FLAG)].map((match) => ({
    flag: match[1]!,
    ...(match[2] === undefined ? {} : { placeholder: match[2] }),
  }));
}

/** Every flag the README names, with the command it belongs to, and every command word after `tapegrad`. */
function readmeUses(markdown: string): { flags: FlagUse[]; commandWords: { word: string; line: number }[] } {
  const flags: FlagUse[] = [];
  const commandWords: { word: string; line: number }[] = [];
  for (const piece of codePieces(markdown)) {
    const starts = [...piece.text.matchAll(INVOCATION)].map((match) => match.index + match[0].length);
    if (starts.length === 0) {
      // Only a span that is a flag names one on its own; other lines (output, prose) are not invocations.
      if (piece.inline && piece.text.startsWith('--')) {
        for (const use of flagsIn(piece.text))
          flags.push({ ...use, command: piece.section, line: piece.line });
      }
      continue;
    }
    starts.forEach((start, i) => {
      const rest = piece.text.slice(start, starts[i + 1]).trimStart();
      const word = /^[a-z][a-z-]*\b/.exec(rest)?.[0];
      // `tapegrad help train` asks commander for train's help: the words are not flags either way.
      if (word === 'help') return;
      if (word !== undefined) commandWords.push({ word, line: piece.line });
      const command = word ?? PROGRAM;
      if (!rest.startsWith('-') && word === undefined) return;
      const args = word === undefined ? rest : rest.slice(word.length);
      for (const use of flagsIn(args)) flags.push({ ...use, command, line: piece.line });
    });
  }
  return { flags, commandWords };
}

/** The long flags in a commander help text and their placeholders, e.g. '--epochs' => '<count>'. */
function helpFlags(help: string): HelpFlags {
  const flags = new Map<string, string>();
  for (const match of help.matchAll(/^ {2}(?:-\w, )?(--[a-z][a-z0-9-]*)(?: (<[^>]+>|\[[^\]]+\]))?/gm)) {
    flags.set(match[1]!, match[2] ?? '');
  }
  return flags;
}

/** The commands `tapegrad --help` lists, without commander's own `help`. */
function helpCommands(help: string): string[] {
  const listed = help.slice(help.indexOf('Commands:'));
  return [...listed.matchAll(/^ {2}([a-z][a-z-]*)/gm)]
    .map((match) => match[1]!)
    .filter((name) => name !== 'help');
}

async function helpText(args: readonly string[]): Promise<string> {
  const { code, stdout, stderr } = await runTapegrad([...args, '--help'], { cwd: tmpdir() });
  if (code !== 0) throw new Error(`tapegrad ${args.join(' ')} --help exited with ${code}: ${stderr}`);
  return stdout;
}

const where = (use: { line: number }) => `${README_PATH} line ${use.line}`;

describe('packages/cli/README.md names exactly the flags of the tapegrad command', () => {
  let commands: string[] = [];
  const flagsOf = new Map<string, HelpFlags>();
  const { flags: uses, commandWords } = readmeUses(README);

  beforeAll(async () => {
    const programHelp = await helpText([]);
    commands = helpCommands(programHelp);
    flagsOf.set(PROGRAM, helpFlags(programHelp));
    // One --help process per command, all at once.
    const helps = await Promise.all(commands.map((command) => helpText([command])));
    commands.forEach((command, i) => {
      flagsOf.set(command, helpFlags(helps[i]!));
    });
  }, 60_000);

  test('the help lists the nine commands, each with its flags', () => {
    expect(commands).toEqual([
      'train',
      'evaluate',
      'predict',
      'compare',
      'gradcheck',
      'graph',
      'explain',
      'serve',
      'export',
    ]);
    for (const command of commands) expect(flagsOf.get(command)!.has('--help'), command).toBe(true);
    expect(flagsOf.get('train')!.get('--epochs')).toBe('<count>');
    expect(flagsOf.get('graph')!.get('--values')).toBe('');
  });

  test('the README reads as code: it names many flags, each tied to a command', () => {
    expect(uses.length).toBeGreaterThan(100);
    expect(uses.filter((use) => use.command === 'predict').map((use) => use.flag)).toContain('--input');
  });

  test('every `tapegrad WORD` in the README is a command', () => {
    for (const { word, line } of commandWords) {
      expect(commands, `'tapegrad ${word}' at ${where({ line })}`).toContain(word);
    }
  });

  test('every command has a section of its own (a heading naming `tapegrad COMMAND`)', () => {
    const sections = README.split('\n').flatMap((line) => {
      const named = COMMAND_HEADING.exec(line);
      return named ? [named[2]!] : [];
    });
    expect(sections).toEqual(commands);
  });

  test("every flag the README gives a command is in that command's --help, with the same placeholder", () => {
    for (const use of uses) {
      const label = `${use.flag} at ${where(use)}`;
      if (use.command === undefined) {
        // A flag span outside the command sections: some command must have it.
        const owners = commands.filter((command) => flagsOf.get(command)!.has(use.flag));
        expect(owners, `${label}: no command has it`).not.toEqual([]);
        continue;
      }
      const known = flagsOf.get(use.command);
      if (known === undefined) continue; // not a command: the test of command words names it
      const name = use.command === PROGRAM ? 'tapegrad' : `tapegrad ${use.command}`;
      expect([...known.keys()], `${label}: not a flag of ${name}`).toContain(use.flag);
      if (use.placeholder !== undefined) {
        expect(use.placeholder, `${label}: ${name} --help writes ${use.flag} ${known.get(use.flag)}`).toBe(
          known.get(use.flag),
        );
      }
    }
  });

  test("every flag in each command's --help is named in the README for that command", () => {
    for (const command of commands) {
      const named = new Set(uses.filter((use) => use.command === command).map((use) => use.flag));
      const missing = [...flagsOf.get(command)!.keys()].filter(
        (flag) => flag !== '--help' && !named.has(flag),
      );
      expect(missing, `tapegrad ${command}: flags of its --help that ${README_PATH} never names`).toEqual([]);
    }
    expect(
      uses.some((use) => use.flag === '--help' && use.command !== undefined),
      'the README shows --help',
    ).toBe(true);
  });
});

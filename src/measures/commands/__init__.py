"""Subcommands of `measures`: each module registers one with `register(subparsers)`.

Modules are imported only when the command line is parsed, so `import measures`
stays light; a new command is a new module here plus its name below.
"""

COMMANDS: tuple[str, ...] = ("extract", "eval", "demo", "outline", "slogans", "render", "schema", "split")

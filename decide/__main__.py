"""Allow `python -m decide`."""

from decide.cli import main

main()

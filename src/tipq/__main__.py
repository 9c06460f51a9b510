"""``python -m tipq``: the same as the ``tipq`` command."""

from tipq.cli.app import main

if __name__ == "__main__":
    main()

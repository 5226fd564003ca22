"""``python -m akhbar``: the same entry point as the ``akhbar`` console script."""
from akhbar.cli.main import main

main()

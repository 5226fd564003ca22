"""akhbar's command line: thin Typer commands over ``scrapers`` and ``storage``."""

if __name__ != "akhbar.cli":  # imported as a top-level package from a checkout
    raise ImportError("the cli/ folder is the package akhbar.cli: install akhbar "
                      "(pip install -e .) and import akhbar.cli")

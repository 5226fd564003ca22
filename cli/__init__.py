"""akhbar's command line: thin Typer commands over ``scrapers`` and ``storage``."""

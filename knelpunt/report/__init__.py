"""Reports: data gathered in Python, words and layout in templates.

One module per report (``progress``, ``agenda``, ``initiatives``, ``final``,
``workarounds``), what they share in ``source``, rendering in ``rendering``,
making one from the records in ``building``, and the list of reports in
``registry``. This file imports nothing: the command line's fast path (a report
the memo still holds) reads ``registry`` without loading Jinja2 or git."""

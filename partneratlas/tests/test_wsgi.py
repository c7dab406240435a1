"""The application as the web workers load it."""

import gc


def test_a_worker_keeps_what_it_loaded_out_of_the_collectors_full_passes() -> None:
    gc.unfreeze()
    from partneratlas import wsgi

    wsgi.freeze_loaded()
    assert gc.get_freeze_count() > 10_000  # the loaded modules, URL patterns, catalogues …
    assert callable(wsgi.application)
    gc.unfreeze()  # the test run itself goes on collecting as before

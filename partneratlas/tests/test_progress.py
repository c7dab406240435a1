import io

from partneratlas.progress import ProgressBar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_draws_on_a_terminal_and_ends_the_line() -> None:
    out = Terminal()
    bar = ProgressBar("import", stream=out, width=10)
    bar(5, 10)
    bar(10, 10)
    text = out.getvalue()
    assert "\rimport █████····· 5/10" in text
    assert "\rimport ██████████ 10/10" in text
    assert text.endswith("\n")


def test_progress_bar_stays_silent_in_a_pipe_or_log() -> None:
    out = io.StringIO()
    ProgressBar("import", stream=out)(10, 10)
    assert out.getvalue() == ""

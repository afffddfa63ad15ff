"""Errors a person sees: one clear sentence, a stable code, never a traceback."""

from __future__ import annotations


class CliError(Exception):
    """A user error on the command line: printed as one line, exit code 2."""

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.exit_code = exit_code


class StageError(Exception):
    """A pipeline stage failed.

    ``code`` is stable (``audio-silent``, ``asr-unavailable``, ``command-failed``…), ``message`` is human.
    """

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}

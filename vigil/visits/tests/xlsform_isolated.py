"""Run one hostile XLSForm case in a child process with a memory cap and a time-out.

A hostile form that escaped Vigil's limits would stall or exhaust the test run
itself; in a child it fails one test instead. The parent sends a JSON request on
stdin and reads a JSON answer on stdout:
- {"action": "read", "content": base64 .xlsx} -> {"problems": [...]} or {"read": true};
- {"action": "read_listed", "content": ...} -> what the import note and page would list;
- {"action": "compile", "source": text} -> {"problems": [...]} or {"compiled": true};
- {"action": "evaluate", "definition": dict, "answers": dict} -> {"errors": {...}};
- {"action": "batch", "requests": [...]} -> {"answers": [...]}, one child for many cases.
"""

from __future__ import annotations

import base64
import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

MEMORY_CAP_BYTES = 512 * 1024 * 1024
# A safety net against a stalled child, far above what any case needs: not a timing test.
TIMEOUT_SECONDS = 120


def run_isolated(request: dict[str, Any]) -> dict[str, Any]:
    """The child's answer to `request`; fails the test if the child crashed or stalled."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "vigil.settings_test"}
    completed = subprocess.run(  # our own interpreter and module
        [sys.executable, "-m", "vigil.visits.tests.xlsform_isolated"],
        input=json.dumps(request).encode(),
        capture_output=True,
        timeout=TIMEOUT_SECONDS,
        env=environment,
        cwd=Path(__file__).resolve().parents[3],
        preexec_fn=_cap_memory,  # no threads are started before the fork
        check=False,
    )
    assert completed.returncode == 0, completed.stderr.decode(errors="replace")[-2000:]
    answer: dict[str, Any] = json.loads(completed.stdout)
    return answer


def read_request(content: bytes) -> dict[str, Any]:
    return {"action": "read", "content": base64.b64encode(content).decode()}


def run_isolated_batch(requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The answers to several requests, from one child (starting Django once)."""
    answers: list[dict[str, Any]] = run_isolated({"action": "batch", "requests": requests})[
        "answers"
    ]
    return answers


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP_BYTES, MEMORY_CAP_BYTES))


def _answer(request: dict[str, Any]) -> dict[str, Any]:
    from vigil.visits.xlsform import (
        ExpressionError,
        FormDefinition,
        XLSFormError,
        compile_expression,
        evaluate_form,
        read_xlsform,
    )

    action = request["action"]
    if action == "batch":
        return {"answers": [_answer(each) for each in request["requests"]]}
    try:
        if action == "read":
            read_xlsform(base64.b64decode(request["content"]), "hostile.xlsx")
            return {"read": True}
        if action == "read_listed":
            definition = read_xlsform(base64.b64decode(request["content"]), "hostile.xlsx")
            return {
                "ignored_columns": definition.ignored_columns,
                "collect_only": definition.collect_only_reasons(),
                "definition_bytes": len(definition.to_json()),
            }
        if action == "compile":
            compile_expression(request["source"])
            return {"compiled": True}
    except XLSFormError as error:
        return {"problems": error.messages}
    except ExpressionError as error:
        return {"problems": [str(error)]}
    definition = FormDefinition.from_dict(request["definition"])
    state = evaluate_form(definition, request["answers"], definition.default_language)
    return {"errors": state.errors, "relevant": state.relevant}


if __name__ == "__main__":
    import django

    django.setup()
    json.dump(_answer(json.load(sys.stdin)), sys.stdout)

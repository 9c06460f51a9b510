"""Issue 11 end to end in a real pseudo-terminal: citations typed so far, the legislation
list and a "data not available" survive kill -9; the editor runs from the real CLI; the
review fits an 80-column terminal."""

from __future__ import annotations

import os
import re
import signal
import sys
from pathlib import Path

import pytest
import yaml

pytestmark = [pytest.mark.pty,
              pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")]
pexpect = pytest.importorskip("pexpect")

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def spawn(tmp_path: Path, env_extra: dict[str, str] | None = None):
    from test_interview_weeks import WEEKS

    q = tmp_path / "weeks.yaml"
    if not q.exists():
        q.write_text(WEEKS, encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1", "TERM": "xterm", "COLUMNS": "80", "LINES": "200",
           **(env_extra or {})}
    return pexpect.spawn(sys.executable, ["-m", "tipq", "interview", str(q), "--country",
                                          "Republic of Korea", "--out",
                                          str(tmp_path / "KOR.yaml")],
                         cwd=str(tmp_path), env=env, encoding="utf-8", timeout=30,
                         dimensions=(200, 80))


def saved(tmp_path: Path) -> dict:
    return yaml.safe_load((tmp_path / "KOR.yaml").read_text(encoding="utf-8"))


def test_kill_9_keeps_citations_typed_so_far_and_the_legislation_list(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    child.expect("Name")
    for _ in range(3):
        child.sendline("")
    child.expect("Type a number")
    child.sendline("1")
    child.expect("Citation 1, title")
    child.sendline("Penal Code")
    child.expect("provision")
    child.sendline("art. 1")
    child.expect("link")
    child.sendline("https://example.org/pc")
    child.expect("Citation 2, title")
    child.kill(signal.SIGKILL)
    child.close()
    entry = saved(tmp_path)["answers"]["q-1-cite"]
    assert entry["unfinished"] is True and entry["value"][0]["provision"] == "art. 1"

    child = spawn(tmp_path)
    child.expect(r"Question 1\(a\)")  # the unfinished list, where resume lands
    child.expect("Citation 2, title")
    child.sendline("1")  # change citation 1
    child.expect("title")
    child.sendline("")
    child.expect("provision")
    child.sendline("art. 10")
    child.expect("link")
    child.sendline("")
    child.expect("Citation 2, title")
    child.sendline("")
    child.expect(r"Question 2 ")
    child.sendline("1")
    child.expect("Citation 1, title")
    child.sendline("L1")
    child.expect("provision")
    child.sendline("art. 2")
    child.expect("Citation 2, title")
    child.sendline("")
    child.expect(r"Question 3 ")
    child.sendline("1")
    child.expect("Citation 1, title")
    child.sendline("Penal Code")
    child.expect("provision")
    child.sendline("art. 3")
    child.expect("Citation 2, title")
    child.sendline("")
    child.expect(r"Question 5 ")
    child.sendline("data not available")
    child.expect("Why")
    child.sendline("Published in June.")
    child.expect(r"Question 6 ")
    child.kill(signal.SIGKILL)
    child.close()
    data = saved(tmp_path)
    assert data["legislation"]["penal-code"]["title"] == "Penal Code"
    got = {k: a["value"] for k, a in data["answers"].items()}
    assert got["q-1-cite"][0]["provision"] == "art. 10"
    assert got["q-2-cite"] == [{"ref": "penal-code", "provision": "art. 2"}]
    assert got["q-3-cite"] == [{"ref": "penal-code", "provision": "art. 3"}]
    assert got["q-convictions"] == {"status": "not-available", "reason": "Published in June."}
    assert "unfinished" not in data["answers"]["q-1-cite"]


def test_edit_and_an_80_column_review_in_the_real_cli(tmp_path: Path) -> None:
    script = tmp_path / "append.py"
    script.write_text("import sys\nwith open(sys.argv[1], 'a', encoding='utf-8') as f:\n"
                      "    f.write('Added by the editor.\\n')\n", encoding="utf-8")
    child = spawn(tmp_path, {"EDITOR": f"{sys.executable} {script}", "VISUAL": ""})
    child.expect("Name")
    for _ in range(3):
        child.sendline("")
    child.expect("Type a number")
    child.sendline("goto 6")
    child.expect("Finish with a line")
    child.sendline("edit")
    child.expect(r"Question 1 ")
    child.sendline("review")
    child.expect("status: draft")
    shown = ANSI.sub("", child.before or "")
    child.sendline("quit")
    child.expect(pexpect.EOF)
    child.close()
    table = [line for line in shown.splitlines() if line.startswith(("┏", "│", "└"))]
    assert table and max(len(line.rstrip("\r")) for line in table) <= 80
    assert saved(tmp_path)["answers"]["q-notes"]["value"] == "Added by the editor."

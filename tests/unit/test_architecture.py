"""The house keeps its floors: import-linter checks the contracts in
pyproject.toml ([tool.importlinter]) on the real import graph."""
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_no_package_imports_one_on_a_higher_floor():
    lint = pathlib.Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_the_language_list_exists_once():
    """Language codes are listed in bot/core/languages.py and nowhere else in the running code."""
    written = []
    for path in [*ROOT.glob("bot/**/*.py"), *ROOT.glob("actions/**/*.py")]:
        if path.name == "languages.py" and path.parent.name == "core":
            continue
        text = path.read_text(encoding="utf-8")
        if '"ar", "ti"' in text or "'ar', 'ti'" in text or '"ti", "prs"' in text:
            written.append(str(path.relative_to(ROOT)))
    assert not written

"""baimi.geo never imports Django (ARCHITECTURE.md): the engine runs on Dask workers without it."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_whole_engine_does_not_import_django() -> None:
    code = (
        "import sys, pkgutil, importlib, baimi.geo\n"
        "for m in pkgutil.iter_modules(baimi.geo.__path__):\n"
        "    importlib.import_module('baimi.geo.' + m.name)\n"
        "bad = sorted(n for n in sys.modules if n == 'django' or n.startswith('django.'))\n"
        "assert not bad, bad\n"
        "print('ok')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"

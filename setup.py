"""Build step that the declarative pyproject.toml cannot express: copy the top-level ``prompts/`` and
``schemas/`` directories into the wheel as ``extractor/_resources/`` (see extractor/resources.py).
Editable installs skip the copy and read the directories in place."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

RESOURCES = ("prompts", "schemas")


class BuildWithResources(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        root = Path(__file__).resolve().parent
        for name in RESOURCES:
            target = Path(self.build_lib) / "extractor" / "_resources" / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(root / name, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithResources})

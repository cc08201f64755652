"""Package layout that pyproject.toml cannot express on its own.

The repository's top-level `resources/` folder is installed as the sub-package
`equitone.resources`, so `importlib.resources.files("equitone.resources")` finds the catalogs,
artwork and fonts from a source checkout (editable install), a wheel and a frozen bundle alike.
Everything else (metadata, dependencies) is in pyproject.toml.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages("src"), "equitone.resources"],
    package_dir={"": "src", "equitone.resources": "resources"},
    package_data={
        "equitone.resources": ["**/*"],
        "equitone.storage": ["migrations/*.mako"],
    },
)

"""CI files as a settings layer above Cargo's files: the model (`model.py`), GitHub Actions
(`github.py`), scripts (`shell.py`), known actions (`actions.py`) and YAML (`yaml_source.py`)."""
